import type { IncomingMessage, ServerResponse } from 'node:http';
import cors from '@koa/cors';
import helmet, { type HelmetOptions } from 'helmet';
import type { Context, Middleware, Next } from 'koa';
import type { Config } from '../config.js';

/**
 * The headers helmet sets for `options`, worked out once: with fixed directives (no per-request nonce) they
 * are the same on every response, and running helmet's chain per request cost more than setting them.
 */
function helmetHeaders(options: HelmetOptions): Array<[string, string]> {
  const headers: Array<[string, string]> = [];
  const res = { setHeader: (name: string, value: string) => void headers.push([name, value]), removeHeader: () => {} };
  helmet(options)({} as IncomingMessage, res as unknown as ServerResponse, (err?: unknown) => {
    if (err) throw err;
  });
  return headers;
}

/**
 * Security headers. Fluent UI injects styles at run time (Griffel), hence 'unsafe-inline' for styles only.
 * The Office task pane is framed by Office hosts; everything else may not be framed at all.
 */
export function securityHeaders(config: Config): Middleware {
  const officeFrameAncestors = ["'self'", 'https://*.officeapps.live.com', 'https://*.office.com', 'https://*.office365.com', 'https://*.sharepoint.com', 'https://*.microsoft.com'];
  const base = (frameAncestors: string[]) =>
    helmetHeaders({
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
    });
  const app = base(["'none'"]);
  const addin = base(officeFrameAncestors);
  return async function securityHeadersMiddleware(ctx: Context, next: Next) {
    for (const [name, value] of ctx.path.startsWith('/addin/') ? addin : app) ctx.res.setHeader(name, value);
    ctx.res.removeHeader('X-Powered-By');
    await next();
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
