/**
 * What happens after a committed balance change, per user: balance alerts (once per crossing of each
 * threshold, re-armed when the balance is back above it) and the auto-pay claim (one charge per crossing).
 * Both decisions are taken under the account row lock that every ledger writer takes, so they see the
 * balance as it is and concurrent checks (20 analyses settling at once) cannot claim the same crossing twice.
 */
import type { Knex } from 'knex';
import type { Deps } from '../deps.js';
import type { Tier } from '../users/model.js';
import { recordNotification } from './notifications.js';
import { planOf } from './plans.js';
import { stripeConfigured } from './stripe.js';
import type { TokenPack } from './config.js';

export interface AlertLevel {
  key: string;
  tokens: number;
}

/** The configured thresholds for a tier, in tokens (a percentage is of the plan's monthly tokens). */
export function alertLevels(deps: Pick<Deps, 'config'>, tier: Tier): AlertLevel[] {
  const monthly = planOf(deps.config, tier).monthlyTokens;
  return deps.config.stripe.alertThresholds.map((t) =>
    t.kind === 'percent' ? { key: `${t.value}%`, tokens: Math.floor((monthly * t.value) / 100) } : { key: String(t.value), tokens: t.value },
  );
}

const isBelow = (balance: number, level: number) => (level === 0 ? balance <= 0 : balance < level);

export interface AutoPayClaim {
  paymentId: string;
  pack: TokenPack;
}

/** Claims alerts and the auto-pay charge for the current balance; returns the work to do after commit. */
async function claim(deps: Deps, trx: Knex.Transaction, userId: string): Promise<{ send: Array<() => Promise<void>>; charge: AutoPayClaim | null }> {
  const send: Array<() => Promise<void>> = [];
  const user = await trx('users').where({ id: userId }).first('tier');
  const account = await trx('token_accounts').where({ userId }).forUpdate().first('balance');
  if (!user || !account) return { send, charge: null };
  const balance = Number(account.balance);

  for (const level of alertLevels(deps, user.tier as Tier)) {
    if (!isBelow(balance, level.tokens)) {
      await trx('balance_alerts').where({ userId, threshold: level.key }).whereNotNull('firedAt').update({ firedAt: null, updatedAt: new Date() });
      continue;
    }
    const claimed = await trx.raw(
      `INSERT INTO balance_alerts (user_id, threshold, fired_at) VALUES (?, ?, now())
       ON CONFLICT (user_id, threshold) DO UPDATE SET fired_at = now(), updated_at = now() WHERE balance_alerts.fired_at IS NULL
       RETURNING user_id`,
      [userId, level.key],
    );
    if (claimed.rows.length === 0) continue;
    const empty = level.tokens === 0;
    const mail = await recordNotification(deps, trx, {
      kind: 'low_balance',
      userId,
      dedupeKey: `low_balance:${level.key}:${Date.now()}`,
      severity: empty ? 'critical' : 'warning',
      subject: empty ? 'Your Intellio token balance is empty' : 'Your Intellio token balance is low',
      text: empty
        ? 'Your token balance has run out, so new analyses will be refused. Buy a token pack or turn on auto-pay in the billing page.'
        : `Your token balance is ${balance.toLocaleString('en-US')}, below ${level.tokens.toLocaleString('en-US')} tokens. Buy a token pack or turn on auto-pay in the billing page.`,
      details: { threshold: level.key, balance },
      mail: empty ? { key: 'balanceEmpty' } : { key: 'balanceLow', balance, threshold: level.tokens },
    });
    if (mail) send.push(mail);
  }

  const s = await trx('auto_pay_settings').where({ userId }).forUpdate().first();
  if (!s?.enabled) return { send, charge: null };
  if (balance >= Number(s.thresholdTokens)) {
    if (!s.armed) await trx('auto_pay_settings').where({ userId }).update({ armed: true, updatedAt: new Date() });
    return { send, charge: null };
  }
  const pack = deps.config.stripe.packs.find((p) => p.id === s.pack);
  if (!s.armed || !pack || !stripeConfigured(deps.config)) return { send, charge: null };
  const epoch = Number(s.epoch) + 1;
  await trx('auto_pay_settings').where({ userId }).update({ armed: false, epoch, updatedAt: new Date() });
  const [payment] = await trx('payments')
    .insert({
      userId,
      kind: 'auto_pay',
      status: 'pending',
      amountCents: pack.priceCents,
      currency: deps.config.stripe.currency,
      tokens: pack.tokens,
      description: `Automatic top-up: ${pack.tokens.toLocaleString('en-US')} tokens`,
      autoPayKey: `autopay:${userId}:${epoch}`,
    })
    .returning('id');
  return { send, charge: { paymentId: payment.id as string, pack } };
}

/** Runs the alert and auto-pay checks for a user whose balance just changed. */
export async function checkThresholds(deps: Deps, userId: string, charge: (deps: Deps, claim: AutoPayClaim & { userId: string }) => Promise<void>): Promise<void> {
  const result = await deps.knex.transaction((trx) => claim(deps, trx, userId));
  for (const fn of result.send) await fn();
  if (result.charge) await charge(deps, { ...result.charge, userId });
}
