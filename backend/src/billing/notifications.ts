/**
 * In-app notifications for one user (low balance, payment failed, auto-pay failed), each also sent by email.
 * They share the `notifications` table with operational alerts (those have no user_id).
 */
import type { Knex } from 'knex';
import type { Deps } from '../deps.js';
import { notFound } from '../http/errors.js';
import { languageOrEnglish, localeOf, translator } from '../http/localize.js';
import { greeting, message } from '../mail/templates.js';
import { minorUnitDigits } from './currency.js';

export type UserNotificationKind = 'low_balance' | 'payment_failed' | 'auto_pay_failed' | 'payment_succeeded';

/**
 * What the email says, as facts rather than words, so it is written in the recipient's language (the
 * in-app `subject`/`text` stay as given). Amounts are in the currency's smallest unit.
 */
export type NotificationMail =
  | { key: 'balanceEmpty' }
  | { key: 'balanceLow'; balance: number; threshold: number }
  | { key: 'autoPayFailed'; amountMinor: number; currency: string; tokens: number; reason: string }
  | { key: 'paymentFailed'; amountMinor: number; currency: string; plan: string; reason: string };

export interface UserNotification {
  kind: UserNotificationKind;
  userId: string;
  /** Same key, same event: a second insert is skipped (a replayed failure is one notification). */
  dedupeKey: string;
  severity: 'info' | 'warning' | 'critical';
  subject: string;
  text: string;
  details?: Record<string, unknown>;
  /** The email's facts; without it the email repeats `subject` and `text` in English. */
  mail?: NotificationMail;
}

/** An amount in the smallest unit, formatted for `locale` ("₩12,000", "$9.00"). */
function amountIn(locale: string, minor: number, currency: string): string {
  return new Intl.NumberFormat(locale, { style: 'currency', currency: currency.toUpperCase() }).format(minor / 10 ** minorUnitDigits(currency));
}

/** The notification's email in the recipient's language. */
export function notificationMail(n: Pick<UserNotification, 'kind' | 'subject' | 'text' | 'mail'>, user: { email: string; name: string; language?: string | null }) {
  const language = languageOrEnglish(user.language);
  const hello = greeting(user.name, language);
  if (!n.mail) return message(n.kind, user.email, n.subject, [hello, ...n.text.split('\n')], undefined, language);
  const t = translator(language);
  const locale = localeOf(language);
  const number = (v: number) => v.toLocaleString(locale);
  const m = n.mail;
  const lines =
    m.key === 'balanceEmpty'
      ? [t('serverMail.balanceEmpty.body')]
      : m.key === 'balanceLow'
        ? [t('serverMail.balanceLow.body', { balance: number(m.balance), threshold: number(m.threshold) })]
        : m.key === 'autoPayFailed'
          ? [t('serverMail.autoPayFailed.body', { amount: amountIn(locale, m.amountMinor, m.currency), tokens: number(m.tokens), reason: m.reason }), t('serverMail.autoPayFailed.next')]
          : [t('serverMail.paymentFailed.body', { amount: amountIn(locale, m.amountMinor, m.currency), plan: m.plan, reason: m.reason }), t('serverMail.paymentFailed.next')];
  return message(n.kind, user.email, t(`serverMail.${m.key}.subject`), [hello, ...lines], undefined, language);
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
    const user = await deps.knex('users').where({ id: n.userId }).first('email', 'name', 'language');
    if (user) await deps.mailer.send(notificationMail(n, user));
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
