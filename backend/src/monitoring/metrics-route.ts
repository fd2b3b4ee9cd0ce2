/**
 * GET /metrics: prom-client's default registry in Prometheus text format (backup gauges among others).
 * With METRICS_TOKEN it needs `Authorization: Bearer <token>`; without, only loopback callers (a scraper on
 * the same host or a sidecar) are answered, so the numbers are never public by accident.
 */
import { timingSafeEqual } from 'node:crypto';
import Router from '@koa/router';
import client from 'prom-client';
import type { Config } from '../config.js';
import { AppError, unauthorized } from '../http/errors.js';

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

function sameToken(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function metricsRoutes(config: Config): Router {
  const router = new Router();
  router.get('/metrics', async function metrics(ctx) {
    const token = config.metrics.token;
    if (token) {
      const given = /^Bearer (.+)$/.exec(ctx.get('authorization'))?.[1] ?? '';
      if (!sameToken(given, token)) throw unauthorized('A valid metrics token is required.');
    } else if (!LOOPBACK.has(ctx.ip)) {
      throw new AppError(403, 'forbidden', 'Set METRICS_TOKEN to scrape metrics from another host.');
    }
    ctx.set('Content-Type', client.register.contentType);
    ctx.set('Cache-Control', 'no-store');
    ctx.body = await client.register.metrics();
  });
  return router;
}
