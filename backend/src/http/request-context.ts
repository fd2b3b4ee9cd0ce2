import { randomUUID } from 'node:crypto';
import type { Context, Next } from 'koa';

const SAFE_ID = /^[A-Za-z0-9._-]{8,100}$/;

/** Request id (kept from a trusted proxy when well-formed), a child logger, and one access-log line. */
export function requestContext() {
  return async function requestContextMiddleware(ctx: Context, next: Next): Promise<void> {
    const incoming = ctx.get('x-request-id');
    const requestId = SAFE_ID.test(incoming) ? incoming : randomUUID();
    ctx.state.requestId = requestId;
    ctx.state.log = ctx.deps.log.child({ requestId });
    ctx.set('X-Request-Id', requestId);
    const started = performance.now();
    try {
      await next();
    } finally {
      const ms = Math.round((performance.now() - started) * 10) / 10;
      if (ctx.path !== '/healthz' && ctx.path !== '/readyz') {
        ctx.state.log.info({ method: ctx.method, path: ctx.path, status: ctx.status, ms }, 'request');
      }
    }
  };
}
