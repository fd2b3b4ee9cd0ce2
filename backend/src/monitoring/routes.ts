import Router from '@koa/router';
import { authenticate } from '../auth/authenticate.js';
import type { Config } from '../config.js';
import { validated } from '../http/validate.js';
import { callTrail, trailQuery } from './calls.js';
import { isoDay, rangeQuery } from './range.js';
import { usageCsv, userUsage } from './usage.js';

const usageQuery = rangeQuery(30);

/** /api/v1/me/usage: the signed-in user's own consumption (JSON), and its per-call trail (JSON pages and CSV). */
export function usageRoutes(config: Config): Router {
  const router = new Router();
  const auth = authenticate(config);

  router.get('/me/usage', auth, validated({ query: usageQuery }, async (ctx, { query }) => {
    ctx.body = { data: await userUsage(ctx.deps.knex, ctx.state.user.id, query) };
  }));

  router.get('/me/usage.csv', auth, validated({ query: usageQuery }, async (ctx, { query }) => {
    ctx.set('Content-Type', 'text/csv; charset=utf-8');
    ctx.set('Content-Disposition', `attachment; filename="intellio-usage-${isoDay(query.from)}.csv"`);
    ctx.set('Cache-Control', 'no-store');
    ctx.body = await usageCsv(ctx.deps.knex, ctx.state.user.id, query);
  }));

  router.get('/me/trail', auth, validated({ query: trailQuery }, async (ctx, { query }) => {
    ctx.set('Cache-Control', 'no-store');
    const { rows, total } = await callTrail(ctx.deps.knex, ctx.state.user.id, query);
    ctx.body = { data: rows, pagination: { page: query.page, pageSize: query.pageSize, total } };
  }));

  return router;
}
