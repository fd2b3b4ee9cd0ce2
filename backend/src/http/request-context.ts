import { randomUUID } from 'node:crypto';
import type { Context, Next } from 'koa';
import type { Logger } from '../lib/logger.js';

const SAFE_ID = /^[A-Za-z0-9._-]{8,100}$/;
const REQUEST_LOG = Symbol('requestLog');

/**
 * `ctx.state.log`: the request's child logger, bound to its request id and, once signed in, its user id, and
 * made on first use. Most requests log nothing but their access line, and making a pino child per request
 * (two for a signed-in one) was a measurable share of an authenticated read's CPU (bench/http.ts).
 */
class RequestLog {
  userId: string | undefined;
  private child: Logger | undefined;

  constructor(
    private readonly root: Logger,
    private readonly requestId: string,
  ) {}

  /** What every line of the request names. */
  private get bindings(): Record<string, string> {
    return this.userId ? { requestId: this.requestId, userId: this.userId } : { requestId: this.requestId };
  }

  get logger(): Logger {
    this.child ??= this.root.child(this.bindings);
    return this.child;
  }

  bindUser(userId: string): void {
    this.userId = userId;
    this.child = undefined; // the next line names the user
  }

  /** The access-log line, with the fields a child would add but without making one. */
  access(fields: Record<string, unknown>): void {
    if (this.child) this.child.info(fields, 'request');
    else if (this.root.isLevelEnabled('info')) {
      this.root.info({ ...this.bindings, ...fields }, 'request');
    }
  }
}

/** Adds the signed-in user's id to the request's later log lines, the access line included. */
export function bindLogUser(ctx: Context, userId: string): void {
  const log = (ctx.state as { [REQUEST_LOG]?: RequestLog })[REQUEST_LOG];
  if (log) log.bindUser(userId);
  else ctx.state.log = ctx.state.log.child({ userId }); // an app assembled without requestContext()
}

/** Request id (kept from a trusted proxy when well-formed), a child logger, and one access-log line. */
export function requestContext() {
  return async function requestContextMiddleware(ctx: Context, next: Next): Promise<void> {
    const incoming = ctx.get('x-request-id');
    const requestId = SAFE_ID.test(incoming) ? incoming : randomUUID();
    const log = new RequestLog(ctx.deps.log, requestId);
    ctx.state.requestId = requestId;
    Object.defineProperty(ctx.state, REQUEST_LOG, { value: log });
    Object.defineProperty(ctx.state, 'log', { get: () => log.logger, enumerable: true });
    ctx.set('X-Request-Id', requestId);
    const started = performance.now();
    try {
      await next();
    } finally {
      const ms = Math.round((performance.now() - started) * 10) / 10;
      if (ctx.path !== '/healthz' && ctx.path !== '/readyz') log.access({ method: ctx.method, path: ctx.path, status: ctx.status, ms });
    }
  };
}
