/**
 * Operational alerts: a `notifications` row, an email to every active admin (through the Mailer and its
 * outbox) and a JSON POST to ALERT_WEBHOOK_URL (Slack-compatible `text`). The same alert (dedupe key) is not
 * re-sent within ALERT_DEDUPE_MINUTES; repeats are counted on the row instead.
 */
import type { Deps } from '../deps.js';

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
  const admins: Array<{ email: string }> = await knex('users').where({ role: 'admin', disabled: false }).select('email');
  for (const admin of admins) {
    await deps.mailer.send({ kind: `alert_${alert.kind}`, to: admin.email, subject: `[Intellio ${alert.severity}] ${alert.subject}`, text: alert.text });
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
