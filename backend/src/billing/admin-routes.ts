import { randomUUID } from 'node:crypto';
import Router from '@koa/router';
import { authenticate, requireAdmin } from '../auth/authenticate.js';
import type { Config } from '../config.js';
import { AppError, notFound } from '../http/errors.js';
import { uuidParam, validated } from '../http/validate.js';
import { balance, credit, debit } from './ledger.js';
import { presentBalance, presentLedger } from './presenter.js';
import { grantBody, tierBody } from './schema.js';

/**
 * /api/v1/admin/billing: grant or take tokens with a reason (ledger kind `adjust`) and change a user's tier;
 * both are written to the activity log. An `Idempotency-Key` header makes a retried grant apply once.
 */
export function adminBillingRoutes(config: Config): Router {
  const router = new Router({ prefix: '/admin/billing' });
  router.use(authenticate(config), requireAdmin());

  router.post('/users/:id/grant', validated({ params: uuidParam, body: grantBody }, async (ctx, { params, body }) => {
    const { knex } = ctx.deps;
    const target = await knex('users').where({ id: params.id }).first('id', 'tier');
    if (!target) throw notFound('User');
    const admin = ctx.state.user;
    const key = ctx.get('idempotency-key');
    const entry = {
      userId: target.id as string,
      amount: Math.abs(body.amount),
      kind: 'adjust' as const,
      reference: `admin:${admin.id}`,
      idempotencyKey: `admin-grant:${key ? `${admin.id}:${key.slice(0, 200)}` : randomUUID()}`,
      metadata: { reason: body.reason, by: admin.id },
    };
    const written = body.amount > 0 ? await credit(knex, entry) : await debit(knex, entry);
    // A repeated key answers with its first entry: that is a retry only if it asked for the same grant.
    // Another amount or reason under it changed nothing, and must not be answered (and audited) as done.
    if (written && (written.delta !== body.amount || written.metadata.reason !== body.reason)) {
      throw new AppError(409, 'idempotency_conflict', 'This Idempotency-Key was already used for a different grant; nothing was changed.', { entryId: written.id, amount: written.delta, reason: written.metadata.reason });
    }
    ctx.deps.activity.record({
      userId: admin.id,
      action: 'billing.grant',
      target: `user:${target.id}`,
      ip: ctx.ip,
      userAgent: ctx.get('user-agent'),
      metadata: { amount: body.amount, reason: body.reason, entryId: written?.id },
    });
    ctx.status = 201;
    ctx.body = { data: { entry: written ? (await presentLedger(knex, [written]))[0] : null, balance: presentBalance(await balance(knex, target.id), target.tier) } };
  }));

  router.put('/users/:id/tier', validated({ params: uuidParam, body: tierBody }, async (ctx, { params, body }) => {
    const { knex } = ctx.deps;
    const target = await knex('users').where({ id: params.id }).first('id', 'tier');
    if (!target) throw notFound('User');
    await knex('users').where({ id: target.id }).update({ tier: body.tier, updatedAt: new Date() });
    ctx.deps.activity.record({
      userId: ctx.state.user.id,
      action: 'billing.tier',
      target: `user:${target.id}`,
      ip: ctx.ip,
      userAgent: ctx.get('user-agent'),
      metadata: { from: target.tier, to: body.tier },
    });
    ctx.body = { data: { id: target.id, tier: body.tier } };
  }));

  return router;
}
