import fs from 'node:fs';
import path from 'node:path';
import type { Context, Middleware, Next } from 'koa';
import send from 'koa-send';

/**
 * Serves a built single-page app from `root` under `prefix`. Hashed assets are cached for a year; any other
 * GET that wants HTML gets index.html so client-side routes survive a reload.
 */
export function serveSpa(prefix: string, root: string, indexFile = 'index.html'): Middleware {
  return async function serveSpaMiddleware(ctx: Context, next: Next): Promise<void> {
    // Whole segments only: '/addin' serves '/addin/…', never the web app's own '/addins' page.
    const inside = prefix === '/' || ctx.path === prefix || ctx.path.startsWith(`${prefix}/`);
    if ((ctx.method !== 'GET' && ctx.method !== 'HEAD') || !inside || ctx.path.startsWith('/api/')) {
      return next();
    }
    if (!fs.existsSync(path.join(root, indexFile))) return next();
    const rel = ctx.path.slice(prefix.length) || '/';
    const immutable = rel.startsWith('/assets/');
    try {
      const sent = await send(ctx, rel === '/' ? indexFile : rel, { root, immutable, maxage: immutable ? 31_536_000_000 : 0, index: indexFile });
      if (sent) return;
    } catch (err) {
      if ((err as { status?: number }).status !== 404) throw err;
    }
    if (!immutable && ctx.accepts('html') && !path.extname(rel)) {
      ctx.set('Cache-Control', 'no-cache');
      await send(ctx, indexFile, { root });
      return;
    }
    await next();
  };
}
