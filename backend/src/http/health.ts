import Router from '@koa/router';

/** GET /healthz: 200 when the database (and Redis, if configured) answer; 503 otherwise. */
export function healthRoutes(): Router {
  const router = new Router();
  router.get('/healthz', async (ctx) => {
    const { knex, redis, engine } = ctx.deps;
    const check = async (fn: () => Promise<unknown>) => {
      try {
        await Promise.race([fn(), new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), 2000))]);
        return 'ok';
      } catch {
        return 'down';
      }
    };
    const db = await check(() => knex.raw('select 1'));
    const cache = redis ? await check(() => redis.ping()) : 'disabled';
    const ok = db === 'ok' && cache !== 'down';
    ctx.status = ok ? 200 : 503;
    ctx.set('Cache-Control', 'no-store');
    ctx.body = { status: ok ? 'ok' : 'degraded', db, dbEngine: engine, redis: cache };
  });
  return router;
}
