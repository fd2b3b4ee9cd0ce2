import Router from '@koa/router';
import { authenticate } from '../auth/authenticate.js';
import type { Config } from '../config.js';
import { uuidParam, validated } from '../http/validate.js';
import { getAutoPay, putAutoPay, chargeAutoPay } from './auto-pay.js';
import { createCheckout, createPortal } from './checkout.js';
import { balance, entries } from './ledger.js';
import { listNotifications, markRead } from './notifications.js';
import { presentBalance, presentLedger, presentPlans } from './presenter.js';
import { autoPayBody, checkoutBody, ledgerQuery, notificationsQuery } from './schema.js';
import { checkThresholds } from './thresholds.js';

/** /api/v1/billing: the signed-in user's balance, ledger, plans, purchases, auto-pay and notifications. */
export function billingRoutes(config: Config): Router {
  const router = new Router({ prefix: '/billing' });
  router.use(authenticate(config));

  router.get('/balance', async (ctx) => {
    ctx.set('Cache-Control', 'no-store');
    ctx.body = { data: presentBalance(await balance(ctx.deps.knex, ctx.state.user.id), ctx.state.user.tier) };
  });

  router.get('/ledger', validated({ query: ledgerQuery }, async (ctx, { query }) => {
    const rows = await entries(ctx.deps.knex, ctx.state.user.id, { limit: query.limit + 1, before: query.before, kinds: query.kind, from: query.from, to: query.to });
    const page = rows.slice(0, query.limit);
    ctx.set('Cache-Control', 'no-store');
    ctx.body = {
      data: await presentLedger(ctx.deps.knex, page),
      pagination: { limit: query.limit, nextBefore: rows.length > query.limit ? page[page.length - 1].id : null },
    };
  }));

  router.get('/plans', async (ctx) => {
    const sub = await ctx.deps.knex('subscriptions').where({ userId: ctx.state.user.id }).orderByRaw('stripe_updated_at DESC NULLS LAST').first();
    ctx.body = { data: presentPlans(ctx.deps.config, ctx.state.user.tier, sub ?? null) };
  });

  router.post('/checkout', validated({ body: checkoutBody }, async (ctx, { body }) => {
    ctx.status = 201;
    ctx.body = { data: await createCheckout(ctx.deps, ctx.state.user, body) };
  }));

  router.post('/portal', async (ctx) => {
    ctx.status = 201;
    ctx.body = { data: await createPortal(ctx.deps, ctx.state.user) };
  });

  router.get('/auto-pay', async (ctx) => {
    ctx.body = { data: await getAutoPay(ctx.deps, ctx.state.user.id) };
  });

  router.put('/auto-pay', validated({ body: autoPayBody }, async (ctx, { body }) => {
    const { deps } = ctx;
    const userId = ctx.state.user.id as string;
    ctx.body = { data: await putAutoPay(deps, userId, body) };
    // A balance already under the new threshold tops up now rather than at the next spend.
    if (body.enabled) deps.background.run('billing:auto-pay-enabled', () => checkThresholds(deps, userId, chargeAutoPay));
  }));

  router.get('/notifications', validated({ query: notificationsQuery }, async (ctx, { query }) => {
    const { rows, unread } = await listNotifications(ctx.deps.knex, ctx.state.user.id, query);
    ctx.set('Cache-Control', 'no-store');
    ctx.body = { data: rows, meta: { unread } };
  }));

  router.post('/notifications/read-all', async (ctx) => {
    ctx.body = { data: { marked: await markRead(ctx.deps.knex, ctx.state.user.id) } };
  });

  router.post('/notifications/:id/read', validated({ params: uuidParam }, async (ctx, { params }) => {
    ctx.body = { data: { marked: await markRead(ctx.deps.knex, ctx.state.user.id, params.id) } };
  }));

  return router;
}
