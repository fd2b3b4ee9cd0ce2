import type { Context } from 'koa';

/** Records an activity row for the signed-in user of this request, with its IP and user agent (batched). */
export function audit(ctx: Context, action: string, target?: string | null, metadata?: Record<string, unknown>): void {
  ctx.deps.activity.record({ userId: ctx.state.user?.id ?? null, action, target: target ?? null, ip: ctx.ip, userAgent: ctx.get('user-agent') || null, metadata });
}
