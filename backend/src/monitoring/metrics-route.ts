/**
 * GET /metrics in Prometheus text format. With METRICS_TOKEN set it needs `Authorization: Bearer <token>`;
 * without one it answers only loopback callers (a sidecar or node exporter on the same host), never the
 * public internet.
 */
import Router from '@koa/router';
import type { Context } from 'koa';
import type { Deps } from '../deps.js';
import { AppError } from '../http/errors.js';
import { safeEqual } from '../lib/tokens.js';
import { liveCounters } from './live.js';
import { analysesRunning, collectDefaultMetrics, dbPoolConnections, queueDepth, queueJobs, registry, tokensToday } from './metrics.js';

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

function authorise(ctx: Context): void {
  const token = ctx.deps.config.monitoring.metricsToken;
  if (token) {
    const presented = /^Bearer (.+)$/.exec(ctx.get('authorization'))?.[1] ?? '';
    if (!safeEqual(presented, token)) throw new AppError(401, 'unauthorized', 'Send the metrics token as a Bearer token.');
    return;
  }
  // The socket address, not X-Forwarded-For: a proxy in front must not make the world look local.
  if (!LOOPBACK.has(ctx.req.socket.remoteAddress ?? '')) {
    throw new AppError(403, 'forbidden', 'Metrics are served to loopback callers only unless METRICS_TOKEN is set.');
  }
}

/** Gauges that are cheaper to read at scrape time than to keep up to date. */
async function refreshScrapeTimeGauges(deps: Deps): Promise<void> {
  const rows = (await deps.knex('jobs').whereIn('status', ['queued', 'running']).select('status').count({ n: '*' }).groupBy('status')) as Array<{ status: string; n: string | number }>;
  queueJobs.reset();
  for (const status of ['queued', 'running']) queueJobs.set({ status }, Number(rows.find((r) => r.status === status)?.n ?? 0));
  // The queue's own view (bee-queue's lists in Redis): what workers have yet to take, per job kind.
  const depth = await deps.queue.depth().catch(() => []);
  queueDepth.reset();
  for (const d of depth) queueDepth.set({ queue: d.queue, state: d.state }, d.count);
  const live = await liveCounters(deps);
  analysesRunning.set(live.analysesRunning);
  tokensToday.set(live.tokensToday);
  const pool = (deps.knex.client as { pool?: { numUsed(): number; numFree(): number; numPendingAcquires(): number } }).pool;
  if (pool) {
    dbPoolConnections.set({ state: 'used' }, pool.numUsed());
    dbPoolConnections.set({ state: 'free' }, pool.numFree());
    dbPoolConnections.set({ state: 'pending' }, pool.numPendingAcquires());
  }
}

export function metricsRoutes(): Router {
  collectDefaultMetrics();
  const router = new Router();
  router.get('/metrics', async (ctx) => {
    authorise(ctx);
    await refreshScrapeTimeGauges(ctx.deps);
    ctx.set('Content-Type', registry.contentType);
    ctx.set('Cache-Control', 'no-store');
    ctx.body = await registry.metrics();
  });
  return router;
}
