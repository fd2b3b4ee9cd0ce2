import type Router from '@koa/router';
import type { Context, Next } from 'koa';
import { httpRequestDuration } from './metrics.js';

/**
 * Times every request under its route template (`/api/v1/projects/:id`, never the raw path, so ids do not
 * explode the label set). The template comes from the API router's own matching, so a request refused by
 * middleware (401, 429) before its handler ran is still labelled with the route it asked for. Unmatched API
 * paths and static files get one label each.
 */
export function httpMetrics(api: Router) {
  function routeOf(ctx: Context): string {
    if (ctx.path === '/metrics' || ctx.path === '/healthz' || ctx.path === '/readyz') return ctx.path;
    if (!ctx.path.startsWith('/api/')) return 'static';
    const layers = api.match(ctx.path, ctx.method).pathAndMethod.filter((l) => l.methods.length > 0);
    const template = layers.at(-1)?.path;
    return typeof template === 'string' ? template : 'unmatched';
  }
  return async function httpMetricsMiddleware(ctx: Context, next: Next): Promise<void> {
    const end = httpRequestDuration.startTimer({ method: ctx.method });
    try {
      await next();
    } finally {
      end({ route: routeOf(ctx), status: String(ctx.status) });
    }
  };
}
