/**
 * The worker's own HTTP surface on WORKER_PORT: `/healthz`, `/readyz` and `/metrics`, the same routes (and
 * the same Prometheus registry style) as a web process, so an orchestrator and Prometheus see the processes
 * that do the work. No API and no web app: a worker takes work only from the queue.
 */
import Koa from 'koa';
import type { Deps } from './deps.js';
import { AppError, errorHandler } from './http/errors.js';
import { healthRoutes } from './http/health.js';
import { metricsRoutes } from './monitoring/metrics-route.js';

export function createWorkerApp(deps: Deps): Koa {
  const app = new Koa();
  app.context.deps = deps;
  app.silent = true;
  app.use(errorHandler());
  app.use(healthRoutes().routes());
  app.use(metricsRoutes().routes());
  app.use(async function notFound(ctx) {
    throw new AppError(404, 'not_found', `No route for ${ctx.method} ${ctx.path} on a worker (it serves /healthz, /readyz and /metrics).`);
  });
  return app;
}
