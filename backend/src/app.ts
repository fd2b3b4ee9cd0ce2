/**
 * Builds the Koa app from its dependencies. No side effects on import: `server.ts` and the tests call it.
 */
import path from 'node:path';
import bodyParser from '@koa/bodyparser';
import Router from '@koa/router';
import Koa from 'koa';
import { STRIPE_WEBHOOK_PATH } from './billing/payment-routes.js';
import { ROOT_DIR } from './config.js';
import type { Deps } from './deps.js';
import { apiNotFound, AppError, bodyParseError, errorHandler } from './http/errors.js';
import { healthRoutes } from './http/health.js';
import { requestContext } from './http/request-context.js';
import { corsPolicy, securityHeaders } from './http/security.js';
import { serveSpa } from './http/static.js';
import { httpMetrics } from './monitoring/http-metrics.js';
import { metricsRoutes } from './monitoring/metrics-route.js';
import { apiRouters } from './routes.js';

export interface AppOptions {
  /** Where the built web app lives (default webapp/dist); tests may point elsewhere. */
  webappDir?: string;
  /** Where the built Excel task pane lives (default addin-excel/dist), served under /addin/. */
  addinDir?: string;
}

export function createApp(deps: Deps, options: AppOptions = {}): Koa {
  const { config } = deps;
  // Only the entries our own proxies appended are trusted; the leftmost X-Forwarded-For is the client's to
  // choose, and trusting it let one client pose as many to dodge the sign-in throttle.
  const hops = config.http.trustProxyHops;
  const app = new Koa({ proxy: hops > 0, maxIpsCount: hops });
  app.context.deps = deps;
  app.silent = true; // errors are logged by errorHandler with the request id

  const api = new Router({ prefix: '/api/v1' });
  // One allowedMethods (405/501) for the whole API, below: one per domain router added a layer to every
  // request's chain that could never answer (a router's own routes matched, so the method was allowed).
  for (const routes of apiRouters(config)) api.use(routes.routes());

  app.use(requestContext());
  app.use(httpMetrics(api));
  app.use(errorHandler());
  app.use(securityHeaders(config));
  app.use(corsPolicy(config));
  app.use(apiNotFound());
  const parseJson = bodyParser({
    enableTypes: ['json'],
    jsonLimit: config.http.bodyLimit,
    encoding: 'utf-8',
    onError(err, ctx) {
      throw bodyParseError(err, ctx.req);
    },
  });
  // The Stripe webhook verifies its signature over the raw bytes, so it reads the body itself.
  // A GET or HEAD carries no body to parse (the parser would only conclude so after its content-type checks).
  app.use((ctx, next) => (ctx.path === STRIPE_WEBHOOK_PATH || ((ctx.method === 'GET' || ctx.method === 'HEAD') && !ctx.request.length) ? next() : parseJson(ctx, next)));
  app.use(async function rejectNonJson(ctx, next) {
    // A body that is not JSON on a JSON route is refused instead of silently read as empty.
    const hasBody = Boolean(ctx.request.length) || Boolean(ctx.get('transfer-encoding'));
    const bodyMethod = ['POST', 'PUT', 'PATCH'].includes(ctx.method);
    if (ctx.path.startsWith('/api/') && bodyMethod && hasBody && !ctx.is('json', 'multipart')) {
      throw new AppError(415, 'unsupported_media_type', 'Send the request body as application/json.');
    }
    await next();
  });
  // Dispatched for their own paths only (as the routers match them: any case, optional trailing slash),
  // rather than matched against every request.
  const health = healthRoutes().routes() as Koa.Middleware;
  const metrics = metricsRoutes().routes() as Koa.Middleware;
  const probePath = (ctx: Koa.Context) => ctx.path.toLowerCase().replace(/\/$/, '');
  app.use((ctx, next) => {
    const p = probePath(ctx);
    return p === '/healthz' || p === '/readyz' ? health(ctx, next) : p === '/metrics' ? metrics(ctx, next) : next();
  });
  app.use(api.routes());
  // Not thrown: the router sets 405/501 with the Allow header, which apiNotFound turns into the JSON error.
  app.use(api.allowedMethods());
  app.use(serveSpa('/addin', options.addinDir ?? path.join(ROOT_DIR, 'addin-excel', 'dist'), 'excel/taskpane.html'));
  app.use(serveSpa('/', options.webappDir ?? path.join(ROOT_DIR, 'webapp', 'dist')));
  return app;
}
