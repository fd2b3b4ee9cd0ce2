/**
 * In-app notifications for one user (low balance, payment failed, auto-pay failed), each also sent by email.
 * They share the `notifications` table with operational alerts (those have no user_id).
 */
import type { Knex } from 'knex';
import type { Deps } from '../deps.js';
import { notFound } from '../http/errors.js';
import { message } from '../mail/templates.js';

export type UserNotificationKind = 'low_balance' | 'payment_failed' | 'auto_pay_failed' | 'payment_succeeded';

export interface UserNotification {
  kind: UserNotificationKind;
  userId: string;
  /** Same key, same event: a second insert is skipped (a replayed failure is one notification). */
  dedupeKey: string;
  severity: 'info' | 'warning' | 'critical';
  subject: string;
  text: string;
  details?: Record<string, unknown>;
}

/** Writes the notification in `db` (a transaction, when it belongs to one) and returns a mail-sender to run after commit. */
export async function recordNotification(deps: Deps, db: Knex | Knex.Transaction, n: UserNotification): Promise<(() => Promise<void>) | null> {
  const exists = await db('notifications').where({ dedupeKey: n.dedupeKey, userId: n.userId }).first('id');
  if (exists) return null;
  await db('notifications').insert({
    kind: n.kind,
    dedupeKey: n.dedupeKey,
    severity: n.severity,
    subject: n.subject,
    text: n.text,
    details: JSON.stringify(n.details ?? {}),
    userId: n.userId,
    channels: JSON.stringify({ inApp: true, email: 1 }),
  });
  return async () => {
    const user = await deps.knex('users').where({ id: n.userId }).first('email', 'name');
    if (user) await deps.mailer.send(message(n.kind, user.email, n.subject, [`Hi ${user.name},`, ...n.text.split('\n')]));
  };
}

export function presentNotification(row: Record<string, unknown>) {
  return {
    id: row.id as string,
    kind: row.kind as string,
    severity: row.severity as string,
    subject: row.subject as string,
    text: row.text as string,
    createdAt: new Date(row.sentAt as string).toISOString(),
    readAt: row.readAt ? new Date(row.readAt as string).toISOString() : null,
  };
}

export async function listNotifications(knex: Knex, userId: string, opts: { limit: number; unread: boolean }) {
  const q = knex('notifications').where({ userId }).orderBy([{ column: 'sentAt', order: 'desc' }, { column: 'id', order: 'desc' }]).limit(opts.limit);
  if (opts.unread) q.whereNull('readAt');
  const [{ count }] = await knex('notifications').where({ userId }).whereNull('readAt').count({ count: '*' });
  return { rows: (await q).map(presentNotification), unread: Number(count) };
}

/** Marks one (or, without an id, every) notification of the user read; a foreign id is a 404. */
export async function markRead(knex: Knex, userId: string, id?: string): Promise<number> {
  const q = knex('notifications').where({ userId }).whereNull('readAt');
  if (id) {
    const row = await knex('notifications').where({ userId, id }).first('id');
    if (!row) throw notFound('Notification');
    q.where({ id });
  }
  return q.update({ readAt: new Date(), updatedAt: new Date() });
}
