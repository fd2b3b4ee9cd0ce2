import type { Context, Next } from 'koa';

/**
 * EventSource cannot set headers, so Server-Sent Events streams accept their access token as
 * `?access_token=` (only there; it is the same short-lived JWT and is checked the same way).
 */
export function tokenFromQuery() {
  return async function tokenFromQueryMiddleware(ctx: Context, next: Next): Promise<void> {
    const token = ctx.query.access_token;
    if (typeof token === 'string' && token && !ctx.get('authorization')) ctx.request.headers.authorization = `Bearer ${token}`;
    await next();
  };
}
