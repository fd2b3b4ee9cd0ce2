/**
 * Auto-pay (자동 결제): an opted-in user whose balance falls under their threshold is charged one token pack
 * off-session on their saved card. `thresholds.ts` claims the crossing (one pending payment per crossing);
 * this module charges it with the payment id as Stripe's idempotency key and credits it through the same
 * `creditPayment` the `payment_intent.succeeded` webhook uses, so whichever comes first credits once.
 */
import type { Knex } from 'knex';
import type { Deps } from '../deps.js';
import { AppError } from '../http/errors.js';
import { recordNotification } from './notifications.js';
import { chargeOf, creditPayment, logPayment, type WriteContext } from './payment-writes.js';
import { money } from './currency.js';
import { cardErrorMessage, stripeClient } from './stripe.js';
import type { AutoPayClaim } from './thresholds.js';

export interface AutoPaySettings {
  enabled: boolean;
  thresholdTokens: number;
  pack: string;
}

export async function getAutoPay(deps: Deps, userId: string): Promise<AutoPaySettings> {
  const row = await deps.knex('auto_pay_settings').where({ userId }).first();
  const fallback = deps.config.stripe.packs[0]?.id ?? '';
  return row ? { enabled: row.enabled, thresholdTokens: Number(row.thresholdTokens), pack: row.pack } : { enabled: false, thresholdTokens: 0, pack: fallback };
}

/** Saves the settings; turning auto-pay on arms it, so a balance already under the threshold tops up now. */
export async function putAutoPay(deps: Deps, userId: string, input: AutoPaySettings): Promise<AutoPaySettings> {
  if (!deps.config.stripe.packs.some((p) => p.id === input.pack)) throw new AppError(400, 'validation', `body.pack: unknown token pack "${input.pack}"`);
  const row = { userId, enabled: input.enabled, thresholdTokens: input.thresholdTokens, pack: input.pack, armed: true, updatedAt: new Date() };
  await deps.knex('auto_pay_settings').insert(row).onConflict('userId').merge(['enabled', 'thresholdTokens', 'pack', 'armed', 'updatedAt']);
  return getAutoPay(deps, userId);
}

async function inWrite(deps: Deps, fn: (ctx: WriteContext) => Promise<void>): Promise<void> {
  const after: WriteContext['after'] = [];
  await deps.knex.transaction((trx: Knex.Transaction) => fn({ deps, trx, after }));
  for (const send of after) await send();
}

async function fail(deps: Deps, claim: AutoPayClaim & { userId: string }, reason: string): Promise<void> {
  await inWrite(deps, async (ctx) => {
    const { trx, after } = ctx;
    const failed = await trx('payments').where({ id: claim.paymentId, status: 'pending' }).update({ status: 'failed', failureMessage: reason, updatedAt: new Date() }).returning(['receiptNumber']);
    if (failed[0]) logPayment(ctx, { userId: claim.userId, receiptNumber: failed[0].receiptNumber, kind: 'auto_pay' }, 'failed', { amountCents: claim.pack.priceCents, reason });
    const mail = await recordNotification(deps, trx, {
      kind: 'auto_pay_failed',
      userId: claim.userId,
      dedupeKey: `auto_pay_failed:${claim.paymentId}`,
      severity: 'critical',
      subject: 'Your Intellio automatic top-up failed',
      text: `We could not charge ${money(claim.pack.priceCents, deps.config.stripe.currency)} for ${claim.pack.tokens.toLocaleString('en-US')} tokens: ${reason}\nNo tokens were added. Check your card in the billing page.`,
      details: { paymentId: claim.paymentId },
      mail: { key: 'autoPayFailed', amountMinor: claim.pack.priceCents, currency: deps.config.stripe.currency, tokens: claim.pack.tokens, reason },
    });
    if (mail) after.push(mail);
  });
}

/** Charges a claimed crossing off-session and credits it; a decline records the failure and notifies. */
export async function chargeAutoPay(deps: Deps, claim: AutoPayClaim & { userId: string }): Promise<void> {
  const stripe = stripeClient(deps.config);
  const customer = await deps.knex('billing_customers').where({ userId: claim.userId }).first();
  let paymentMethod = (customer?.defaultPaymentMethod as string | null) ?? null;
  if (customer && !paymentMethod) {
    const methods = await stripe.customers.listPaymentMethods(customer.stripeCustomerId, { type: 'card', limit: 1 });
    paymentMethod = methods.data[0]?.id ?? null;
    if (paymentMethod) await deps.knex('billing_customers').where({ userId: claim.userId }).update({ defaultPaymentMethod: paymentMethod, updatedAt: new Date() });
  }
  if (!customer || !paymentMethod) return fail(deps, claim, 'There is no saved card. Buy a token pack once to save one.');
  let intent: { id: string; status: string; latest_charge?: unknown };
  try {
    intent = await stripe.paymentIntents.create(
      {
        amount: claim.pack.priceCents,
        currency: deps.config.stripe.currency,
        customer: customer.stripeCustomerId,
        payment_method: paymentMethod,
        off_session: true,
        confirm: true,
        description: `Intellio automatic top-up: ${claim.pack.tokens} tokens`,
        metadata: { userId: claim.userId, kind: 'auto_pay', paymentId: claim.paymentId, tokens: String(claim.pack.tokens) },
        expand: ['latest_charge'],
      },
      { idempotencyKey: `autopay:${claim.paymentId}` },
    );
  } catch (err) {
    const declined = cardErrorMessage(err);
    if (!declined) deps.log.error({ err, paymentId: claim.paymentId }, 'auto-pay charge failed');
    return fail(deps, claim, declined ?? 'The payment could not be completed.');
  }
  if (intent.status !== 'succeeded') return fail(deps, claim, `The payment needs your attention (${intent.status}).`);
  await inWrite(deps, async (ctx) => {
    const charge = chargeOf(intent);
    await ctx.trx('payments').where({ id: claim.paymentId }).update({ stripePaymentIntentId: intent.id, stripeChargeId: charge.id, receiptUrl: charge.receiptUrl, updatedAt: new Date() });
    await creditPayment(ctx, claim.paymentId);
  });
}
