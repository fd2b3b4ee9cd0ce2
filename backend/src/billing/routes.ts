import Router from '@koa/router';
import { authenticate } from '../auth/authenticate.js';
import type { Config } from '../config.js';
import { validated } from '../http/validate.js';
import { balance, entries } from './ledger.js';
import { presentBalance, presentLedgerEntry } from './presenter.js';
import { ledgerQuery } from './schema.js';

/** /api/v1/billing: the signed-in user's token balance and ledger (purchases come with the Billing issue). */
export function billingRoutes(config: Config): Router {
  const router = new Router({ prefix: '/billing' });
  router.use(authenticate(config));

  router.get('/balance', async (ctx) => {
    ctx.set('Cache-Control', 'no-store');
    ctx.body = { data: presentBalance(await balance(ctx.deps.knex, ctx.state.user.id), ctx.state.user.tier) };
  });

  router.get('/ledger', validated({ query: ledgerQuery }, async (ctx, { query }) => {
    const rows = await entries(ctx.deps.knex, ctx.state.user.id, { limit: query.limit + 1, before: query.before });
    const page = rows.slice(0, query.limit);
    ctx.set('Cache-Control', 'no-store');
    ctx.body = {
      data: page.map(presentLedgerEntry),
      pagination: { limit: query.limit, nextBefore: rows.length > query.limit ? page[page.length - 1].id : null },
    };
  }));

  return router;
}
