import fs from 'node:fs';
import type { ServerResponse } from 'node:http';
import path from 'node:path';
import type { Context, Middleware, Next } from 'koa';
import send from 'koa-send';

const YEAR_SECONDS = 31_536_000;

/**
 * Cache headers for a file that was found. Hashed assets never change under their name, so they are cached
 * for a year; everything else (index.html above all) must be revalidated, or a deploy is not seen.
 * Set from koa-send's hook rather than beforehand, so a missing asset's 404 is never marked immutable.
 */
function cacheHeaders(immutable: boolean) {
  return (res: ServerResponse): void => {
    res.setHeader('Cache-Control', immutable ? `public, max-age=${YEAR_SECONDS}, immutable` : 'no-cache');
    // The same URL answers br, gzip or plain by Accept-Encoding (the build writes .br/.gz beside each file).
    res.setHeader('Vary', 'Accept-Encoding');
  };
}

/**
 * Serves a built single-page app from `root` under `prefix`. Hashed assets are cached for a year; any other
 * GET that wants HTML gets index.html so client-side routes survive a reload. Pre-compressed `.br`/`.gz`
 * siblings written at build time are sent to clients that accept them (koa-send picks them).
 */
export function serveSpa(prefix: string, root: string, indexFile = 'index.html'): Middleware {
  return async function serveSpaMiddleware(ctx: Context, next: Next): Promise<void> {
    // Whole segments only: '/addin' serves '/addin/…', never the web app's own '/addins' page.
    const inside = prefix === '/' || ctx.path === prefix || ctx.path.startsWith(`${prefix}/`);
    if ((ctx.method !== 'GET' && ctx.method !== 'HEAD') || !inside || ctx.path.startsWith('/api/')) {
      return next();
    }
    if (!fs.existsSync(path.join(root, indexFile))) return next();
    // Under '/' the path is its own relative path (slicing one character would drop the leading slash).
    const rel = prefix === '/' ? ctx.path : ctx.path.slice(prefix.length) || '/';
    const immutable = rel.startsWith('/assets/');
    try {
      const sent = await send(ctx, rel === '/' ? indexFile : rel, { root, index: indexFile, setHeaders: cacheHeaders(immutable) });
      if (sent) return;
    } catch (err) {
      if ((err as { status?: number }).status !== 404) throw err;
    }
    if (!immutable && ctx.accepts('html') && !path.extname(rel)) {
      await send(ctx, indexFile, { root, setHeaders: cacheHeaders(false) });
      return;
    }
    await next();
  };
}
