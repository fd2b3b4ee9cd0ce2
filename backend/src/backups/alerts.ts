/**
 * Operational alerts: a `notifications` row, an email to every active admin in that admin's language
 * (through the Mailer and its outbox) and a JSON POST to ALERT_WEBHOOK_URL (Slack-compatible `text`). The same alert (dedupe key) is not
 * re-sent within ALERT_DEDUPE_MINUTES; repeats are counted on the row instead.
 */
import type { Deps } from '../deps.js';
import { languageOrEnglish, localeOf, translator, type Language } from '../http/localize.js';
import { greeting, message } from '../mail/templates.js';

export type AlertKind = 'backup_failed' | 'backup_verify_failed' | 'backup_stale' | 'backup_storage';

export interface Alert {
  kind: AlertKind;
  /** Same key = same problem (e.g. `backup_stale`, or `backup_failed:<id>`). Defaults to the kind. */
  dedupeKey?: string;
  severity: 'critical' | 'warning';
  subject: string;
  text: string;
  details?: Record<string, unknown>;
}

export interface AlertResult {
  sent: boolean;
  email: number;
  webhook: 'sent' | 'failed' | 'not_configured' | 'suppressed';
}

/** Raises an alert on every channel unless the same one was sent within the dedupe window. */
export async function raiseAlert(deps: Deps, alert: Alert): Promise<AlertResult> {
  const { knex, config, log } = deps;
  const dedupeKey = alert.dedupeKey ?? alert.kind;
  const since = new Date(Date.now() - config.alerts.dedupeMinutes * 60_000);
  const recent = config.alerts.dedupeMinutes
    ? await knex('notifications').where({ dedupeKey }).where('sentAt', '>=', since).orderBy('sentAt', 'desc').first('id')
    : undefined;
  if (recent) {
    await knex('notifications').where({ id: recent.id }).increment('suppressed', 1).update({ lastSuppressedAt: new Date(), updatedAt: new Date() });
    log.info({ alert: alert.kind, dedupeKey }, 'alert suppressed (sent recently)');
    return { sent: false, email: 0, webhook: 'suppressed' };
  }

  log.error({ alert: alert.kind, dedupeKey, details: alert.details }, alert.subject);
  const admins: Array<{ email: string; name: string; language: string | null }> = await knex('users').where({ role: 'admin', disabled: false }).select('email', 'name', 'language');
  for (const admin of admins) {
    const language = languageOrEnglish(admin.language);
    const { subject, text } = alertWords(deps, alert, language);
    const t = translator(language);
    await deps.mailer.send(
      message(`alert_${alert.kind}`, admin.email, `[Intellio ${t(`serverMail.alert.severity.${alert.severity}`)}] ${subject}`, [greeting(admin.name, language), text, t('serverMail.alert.next')], undefined, language),
    );
  }
  const webhook = await postWebhook(deps, alert, dedupeKey);
  await knex('notifications').insert({
    kind: alert.kind,
    dedupeKey,
    severity: alert.severity,
    subject: alert.subject,
    text: alert.text,
    details: JSON.stringify(alert.details ?? {}),
    channels: JSON.stringify({ email: admins.length, webhook }),
  });
  return { sent: true, email: admins.length, webhook };
}

/**
 * The alert's subject and text in `language`. English keeps the caller's own words (they carry more, such as
 * the trigger and the bytes written before a failure); other languages are worded from the kind and details.
 */
export function alertWords(deps: Pick<Deps, 'config'>, alert: Alert, language: Language): { subject: string; text: string } {
  if (language === 'en') return { subject: alert.subject, text: alert.text };
  const t = translator(language);
  const locale = localeOf(language);
  const d = alert.details ?? {};
  const str = (v: unknown) => (typeof v === 'string' ? v : v == null ? '' : JSON.stringify(v));
  const num = (v: unknown) => (typeof v === 'number' ? v.toLocaleString(locale) : str(v));
  switch (alert.kind) {
    case 'backup_failed':
    case 'backup_verify_failed':
      return { subject: t(`serverMail.alert.${alert.kind}.subject`), text: t(`serverMail.alert.${alert.kind}.body`, { id: str(d.backupId), error: str(d.error) }) };
    case 'backup_stale': {
      const last = typeof d.lastSuccessAt === 'string' ? new Date(d.lastSuccessAt) : null;
      const at = last ? `${new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeStyle: 'short', timeZone: 'UTC' }).format(last)} (UTC)` : '';
      return {
        subject: t('serverMail.alert.backup_stale.subject', { hours: num(deps.config.backups.maxAgeHours) }),
        text: last ? t('serverMail.alert.backup_stale.body', { at }) : t('serverMail.alert.backup_stale.never'),
      };
    }
    case 'backup_storage':
      return { subject: t('serverMail.alert.backup_storage.subject'), text: t('serverMail.alert.backup_storage.body', { bytes: num(d.bytes), objects: num(d.objects), threshold: num(d.threshold) }) };
  }
}

async function postWebhook(deps: Deps, alert: Alert, dedupeKey: string): Promise<AlertResult['webhook']> {
  const { webhookUrl, webhookTimeoutMs } = deps.config.alerts;
  if (!webhookUrl) return 'not_configured';
  try {
    const res = await fetch(webhookUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        text: `[Intellio ${alert.severity}] ${alert.subject}\n${alert.text}`,
        kind: alert.kind,
        severity: alert.severity,
        dedupeKey,
        details: alert.details ?? {},
        at: new Date().toISOString(),
      }),
      signal: AbortSignal.timeout(webhookTimeoutMs),
    });
    await res.body?.cancel();
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    return 'sent';
  } catch (err) {
    deps.log.warn({ err, alert: alert.kind }, 'alert webhook failed');
    return 'failed';
  }
}
