import Router from '@koa/router';
import type { Deps } from '../deps.js';
import { pendingMigrations } from '../db/migrate.js';

type Check = 'ok' | 'down';

/** Runs one probe with a 2-second limit: a hung dependency is down, not a hung probe. */
async function probe(fn: () => Promise<unknown>): Promise<Check> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([fn(), new Promise((_, reject) => (timer = setTimeout(() => reject(new Error('timeout')), 2000)))]);
    return 'ok';
  } catch {
    return 'down';
  } finally {
    clearTimeout(timer);
  }
}

/** Processes that received SIGTERM: not ready, so the load balancer sends new work elsewhere. */
const draining = new WeakSet<object>();

/** Marks the process (its Deps) as stopping: `/readyz` answers 503 `draining` from now on. */
export function markDraining(deps: Deps): void {
  draining.add(deps);
}

/** Migrations only move forward while a process runs, so once current the schema stays current. */
const current = new WeakSet<object>();

async function migrationsCurrent(deps: Deps): Promise<Check | 'pending'> {
  if (current.has(deps.knex)) return 'ok';
  try {
    if ((await pendingMigrations(deps.knex)).length) return 'pending';
    current.add(deps.knex);
    return 'ok';
  } catch {
    return 'down';
  }
}

/**
 * GET /healthz — liveness: the process serves requests (a load balancer or orchestrator restarts it when
 * this fails, so it must not fail because the database is briefly away).
 * GET /readyz — readiness: the database answers, the schema is migrated, Redis (and with it bee-queue, which
 * keeps its jobs there) answers when configured; 503 naming what is not ready, so traffic goes elsewhere.
 * A process that is shutting down answers 503 `draining`. Workers serve the same routes on WORKER_PORT.
 */
export function healthRoutes(): Router {
  const router = new Router();
  router.get('/healthz', (ctx) => {
    ctx.set('Cache-Control', 'no-store');
    ctx.body = { status: 'ok' };
  });
  router.get('/readyz', async (ctx) => {
    const { deps } = ctx;
    const [db, migrations, redis] = await Promise.all([
      probe(() => deps.knex.raw('select 1')),
      migrationsCurrent(deps),
      deps.redis ? probe(() => (deps.redis as NonNullable<Deps['redis']>).ping()) : Promise.resolve('disabled' as const),
    ]);
    const queue = deps.queue.kind === 'bee-queue' ? redis : 'ok';
    const stopping = draining.has(deps);
    const ready = !stopping && db === 'ok' && migrations === 'ok' && redis !== 'down' && queue === 'ok';
    ctx.status = ready ? 200 : 503;
    ctx.set('Cache-Control', 'no-store');
    ctx.body = { status: stopping ? 'draining' : ready ? 'ready' : 'not_ready', db, dbEngine: deps.engine, migrations, redis, queue: `${deps.queue.kind}: ${queue}` };
  });
  return router;
}
