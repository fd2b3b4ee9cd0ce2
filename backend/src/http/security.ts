import cors from '@koa/cors';
import type { Context, Middleware, Next } from 'koa';
import helmet from 'koa-helmet';
import type { Config } from '../config.js';

/**
 * Security headers. Fluent UI injects styles at run time (Griffel), hence 'unsafe-inline' for styles only.
 * The Office task pane is framed by Office hosts; everything else may not be framed at all.
 */
export function securityHeaders(config: Config): Middleware {
  const officeFrameAncestors = ["'self'", 'https://*.officeapps.live.com', 'https://*.office.com', 'https://*.office365.com', 'https://*.sharepoint.com', 'https://*.microsoft.com'];
  const base = (frameAncestors: string[]) =>
    helmet({
      contentSecurityPolicy: {
        useDefaults: true,
        directives: {
          'default-src': ["'self'"],
          'script-src': ["'self'", 'https://appsforoffice.microsoft.com'],
          'style-src': ["'self'", "'unsafe-inline'"],
          'img-src': ["'self'", 'data:', 'blob:'],
          'connect-src': ["'self'", ...config.http.corsOrigins],
          'frame-ancestors': frameAncestors,
          'upgrade-insecure-requests': null,
        },
      },
      crossOriginEmbedderPolicy: false,
      frameguard: false,
      hsts: config.publicUrl.startsWith('https://') ? { maxAge: 15_552_000, includeSubDomains: true } : false,
    }) as unknown as Middleware;
  const app = base(["'none'"]);
  const addin = base(officeFrameAncestors);
  return async function securityHeadersMiddleware(ctx: Context, next: Next) {
    return ctx.path.startsWith('/addin/') ? addin(ctx, next) : app(ctx, next);
  };
}

/** CORS for the allow-list only (web app origin, Office hosts, CORS_ORIGINS); credentials for cookies. */
export function corsPolicy(config: Config): Middleware {
  const allowed = new Set(config.http.corsOrigins);
  return cors({
    origin: (ctx) => {
      const origin = ctx.get('origin');
      return allowed.has(origin) ? origin : '';
    },
    credentials: true,
    allowHeaders: ['Authorization', 'Content-Type', 'X-Request-Id', 'X-Intellio-Client'],
    exposeHeaders: ['X-Request-Id', 'Retry-After'],
    maxAge: 600,
  }) as unknown as Middleware;
}
