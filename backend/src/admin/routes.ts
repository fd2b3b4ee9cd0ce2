import Router from '@koa/router';
import { audit } from '../activity/audit.js';
import { authenticate, requireAdmin } from '../auth/authenticate.js';
import type { Config } from '../config.js';
import { uuidParam, validated } from '../http/validate.js';
import { listUsersQuery, statsQuery, trailQuery } from './schema.js';
import { adminStats } from './stats.js';
import { listUsers, setDisabled, userDetail, userTrail } from './users.js';

/** /api/v1/admin/users and /api/v1/admin/stats: administrators only (403 for everyone else). */
export function adminRoutes(config: Config): Router {
  const router = new Router({ prefix: '/admin' });
  // Per route rather than router.use(): other routers (backups, billing) share the /admin prefix.
  const guard = [authenticate(config), requireAdmin()];

  router.get('/stats', ...guard, validated({ query: statsQuery }, async (ctx, { query }) => {
    ctx.set('Cache-Control', 'no-store');
    ctx.body = { data: await adminStats(ctx.deps, query) };
  }));

  router.get('/users', ...guard, validated({ query: listUsersQuery }, async (ctx, { query }) => {
    const { rows, total } = await listUsers(ctx.deps.knex, query);
    ctx.body = { data: rows, pagination: { page: query.page, pageSize: query.pageSize, total } };
  }));

  router.get('/users/:id', ...guard, validated({ params: uuidParam, query: statsQuery }, async (ctx, { params, query }) => {
    ctx.body = { data: await userDetail(ctx.deps.knex, params.id, query) };
  }));

  router.get('/users/:id/trail', ...guard, validated({ params: uuidParam, query: trailQuery }, async (ctx, { params, query }) => {
    ctx.set('Cache-Control', 'no-store');
    const { rows, total } = await userTrail(ctx.deps.knex, params.id, query);
    ctx.body = { data: rows, pagination: { page: query.page, pageSize: query.pageSize, total } };
  }));

  for (const [action, disabled] of [['disable', true], ['enable', false]] as const) {
    router.post(`/users/:id/${action}`, ...guard, validated({ params: uuidParam }, async (ctx, { params }) => {
      const { user, changed } = await setDisabled(ctx.deps, ctx.state.user.id, params.id, disabled);
      if (changed) audit(ctx, `admin.user_${action}d`, params.id, { email: user.email });
      ctx.body = { data: user };
    }));
  }

  return router;
}
