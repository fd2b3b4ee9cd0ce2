import type Router from '@koa/router';
import type { Context, Next } from 'koa';
import { httpRequestDuration } from './metrics.js';

interface RouteLayer {
  path: string | RegExp;
  methods: string[];
}

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
    // The router leaves the layers it matched on the context: reading them spares matching the path against
    // every route a second time. A request refused before the router ran (415) is matched here instead.
    const layers = ((ctx as { matched?: RouteLayer[] }).matched ?? api.match(ctx.path, ctx.method).path) as RouteLayer[];
    for (let i = layers.length - 1; i >= 0; i--) {
      const layer = layers[i];
      if (layer.methods.includes(ctx.method)) return typeof layer.path === 'string' ? layer.path : 'unmatched';
    }
    return 'unmatched';
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
