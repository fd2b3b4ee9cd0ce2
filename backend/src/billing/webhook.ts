/**
 * Stripe webhooks, exactly once. The event id is inserted into `stripe_events` in the same transaction as
 * every ledger and payment write the event causes: a replay (or a concurrent copy, which waits on the unique
 * key) finds the id and changes nothing; a failure rolls both back so Stripe's retry runs it again.
 * Out-of-order delivery is handled per object: payments are keyed by their Stripe ids, credits by payment,
 * refunds that come before their payment wait in `stripe_pending_refunds` until it is credited, and
 * subscription state only moves forward in event time (`created`).
 */
import type { Knex } from 'knex';
import { z } from 'zod';
import { validationError } from '../http/errors.js';
import { invalidateStats } from '../monitoring/live.js';
import type { Deps } from '../deps.js';
import {
  applyRefund,
  creditPayment,
  deferRefund,
  findRefundedPayment,
  logPayment,
  storeStripeReceipt,
  upsertPayment,
  type ChargeRefund,
  type WriteContext,
} from './payment-writes.js';
import { applySubscription, subscriptionFromObject } from './subscriptions.js';
import { recordNotification } from './notifications.js';
import { isPlanId, planByPrice, planOf } from './plans.js';
import { money } from './currency.js';
import type { StripeEvent } from './stripe.js';
import type { PlanConfig } from './config.js';
import { get, MAX_UNIX_SECONDS, metadataCount, str, wholeNumber, type EventInfo, type Obj } from './stripe-fields.js';

export interface HandlerContext extends WriteContext {
  event: EventInfo;
}

export interface ProcessResult {
  duplicate: boolean;
  outcome: string;
}

/** Printable ASCII, no spaces: what Stripe's ids and types are made of (and never a NUL, which text columns refuse). */
const token = (max: number) => z.string({ error: 'must be a string' }).min(1, 'is required').max(max, 'is too long').regex(/^[\x21-\x7e]+$/, 'must be printable ASCII');

/**
 * The envelope the handlers rely on. A signed event is Stripe's (or a holder of our secret's), but its shape
 * is still checked: a missing id or an impossible `created` was a database error, i.e. a 500 Stripe retries.
 * Types stay open: an unknown one is recorded and ignored, as new Stripe event types must be.
 */
const eventEnvelope = z.object({
  id: token(255),
  type: token(200),
  created: z.number({ error: 'must be a number' }).int('must be whole seconds').min(0, 'must not be before 1970').max(MAX_UNIX_SECONDS, 'is too far in the future'),
  data: z.object({ object: z.record(z.string(), z.unknown(), { error: 'must be an object' }) }, { error: 'must be an object' }),
}, { error: 'must be a JSON object' });

/** Records and handles one verified event, once. */
export async function processEvent(deps: Deps, stripeEvent: StripeEvent): Promise<ProcessResult> {
  const parsed = eventEnvelope.safeParse(stripeEvent);
  if (!parsed.success) throw validationError(parsed.error, 'event');
  const { id, type, created, data } = parsed.data;
  const event: EventInfo = { id, type, created, object: data.object };
  const after: HandlerContext['after'] = [];
  const result = await deps.knex.transaction(async (trx) => {
    const inserted = await trx('stripe_events')
      .insert({ id: event.id, type: event.type, stripeCreatedAt: new Date(event.created * 1000) })
      .onConflict('id')
      .ignore()
      .returning('id');
    if (inserted.length === 0) return { duplicate: true, outcome: 'duplicate' };
    // Own keys only: a type such as "constructor" or "toString" must not find Object.prototype's members.
    const handler = Object.hasOwn(HANDLERS, event.type) ? HANDLERS[event.type] : undefined;
    const outcome = handler ? await handler({ deps, trx, event, after }) : 'ignored:type';
    await trx('stripe_events').where({ id: event.id }).update({ outcome, updatedAt: new Date() });
    return { duplicate: false, outcome };
  });
  for (const fn of after) deps.background.run(`stripe:${event.type}`, fn);
  // Payments and refunds move revenue: cached admin statistics must not wait out their TTL.
  if (!result.duplicate) await invalidateStats(deps);
  if (!result.duplicate) deps.log.info({ stripeEvent: event.id, type: event.type, outcome: result.outcome }, 'stripe event processed');
  return result;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Our user behind a Stripe object: the customer we created for them first, then our metadata. */
export async function resolveUser(trx: Knex.Transaction, customerId: string | null, metadataUserId: string | null): Promise<string | null> {
  if (customerId) {
    const row = await trx('billing_customers').where({ stripeCustomerId: customerId }).first('userId');
    if (row) return row.userId as string;
  }
  if (metadataUserId && UUID.test(metadataUserId)) {
    const user = await trx('users').where({ id: metadataUserId }).first('id');
    if (user) {
      if (customerId) await trx('billing_customers').insert({ userId: user.id, stripeCustomerId: customerId }).onConflict('userId').ignore();
      return user.id as string;
    }
  }
  return null;
}

async function checkoutCompleted(ctx: HandlerContext): Promise<string> {
  const s = ctx.event.object;
  const userId = await resolveUser(ctx.trx, str(s, 'customer'), str(s, 'metadata.userId') ?? str(s, 'client_reference_id'));
  if (!userId) return 'ignored:unknown_user';
  if (str(s, 'mode') === 'subscription') {
    const sub = str(s, 'subscription');
    const plan = str(s, 'metadata.plan');
    if (!sub || !isPlanId(plan)) return 'ignored:no_subscription';
    return applySubscription(ctx, { userId, stripeSubscriptionId: sub, customerId: str(s, 'customer'), planId: plan, status: 'active', currentPeriodEnd: null, cancelAtPeriodEnd: false });
  }
  // Delayed payment methods complete later (async_payment_succeeded); nothing is owed until paid.
  if (str(s, 'payment_status') !== 'paid') return 'ignored:unpaid';
  const tokens = metadataCount(s, 'metadata.tokens');
  if (!tokens || str(s, 'metadata.kind') !== 'token_pack') return 'ignored:not_a_token_pack';
  const payment = await upsertPayment(ctx.trx, 'stripeCheckoutSessionId', str(s, 'id') as string, {
    userId,
    kind: 'token_pack',
    amountCents: wholeNumber(s, 'amount_total') ?? 0,
    currency: str(s, 'currency') ?? ctx.deps.config.stripe.currency,
    tokens,
    description: `${tokens.toLocaleString('en-US')} tokens (${str(s, 'metadata.pack') ?? 'pack'})`,
    stripePaymentIntentId: str(s, 'payment_intent'),
  });
  const intent = str(s, 'payment_intent');
  if (intent) ctx.after.push(() => storeStripeReceipt(ctx.deps, payment.id, intent));
  return creditPayment(ctx, payment.id);
}

/** The plan an invoice pays for: our subscription row, then metadata, then the line's price. */
async function invoicePlan(ctx: HandlerContext, inv: Obj, subscriptionId: string | null): Promise<PlanConfig | null> {
  const { config } = ctx.deps;
  if (subscriptionId) {
    const row = await ctx.trx('subscriptions').where({ stripeSubscriptionId: subscriptionId }).first('planId');
    if (row && isPlanId(row.planId)) return planOf(config, row.planId);
  }
  const meta = str(inv, 'parent.subscription_details.metadata.plan') ?? str(inv, 'subscription_details.metadata.plan');
  if (isPlanId(meta)) return planOf(config, meta);
  const line = (get(inv, 'lines.data') as Obj[] | undefined)?.[0];
  return planByPrice(config, str(line, 'pricing.price_details.price') ?? str(line, 'price.id') ?? str(line, 'plan.id'));
}

function invoiceSubscription(inv: Obj): string | null {
  return str(inv, 'parent.subscription_details.subscription') ?? str(inv, 'subscription');
}

async function invoiceUser(ctx: HandlerContext, inv: Obj): Promise<string | null> {
  return resolveUser(ctx.trx, str(inv, 'customer'), str(inv, 'parent.subscription_details.metadata.userId') ?? str(inv, 'subscription_details.metadata.userId'));
}

async function invoicePaid(ctx: HandlerContext): Promise<string> {
  const inv = ctx.event.object;
  const userId = await invoiceUser(ctx, inv);
  if (!userId) return 'ignored:unknown_user';
  const plan = await invoicePlan(ctx, inv, invoiceSubscription(inv));
  if (!plan) return 'ignored:unknown_plan';
  const payment = await upsertPayment(ctx.trx, 'stripeInvoiceId', str(inv, 'id') as string, {
    userId,
    kind: 'subscription',
    amountCents: wholeNumber(inv, 'amount_paid') ?? 0,
    currency: str(inv, 'currency') ?? ctx.deps.config.stripe.currency,
    tokens: plan.monthlyTokens,
    description: `${plan.name} plan: monthly ${plan.monthlyTokens.toLocaleString('en-US')} tokens`,
    receiptUrl: str(inv, 'hosted_invoice_url'),
    stripePaymentIntentId: str(inv, 'payment_intent'),
  });
  return creditPayment(ctx, payment.id);
}

async function invoicePaymentFailed(ctx: HandlerContext): Promise<string> {
  const inv = ctx.event.object;
  const userId = await invoiceUser(ctx, inv);
  if (!userId) return 'ignored:unknown_user';
  const plan = await invoicePlan(ctx, inv, invoiceSubscription(inv));
  const invoiceId = str(inv, 'id') as string;
  const amount = wholeNumber(inv, 'amount_due') ?? 0;
  const currency = str(inv, 'currency') ?? ctx.deps.config.stripe.currency;
  const reason = str(inv, 'last_finalization_error.message') ?? 'The card was declined.';
  const payment = await upsertPayment(ctx.trx, 'stripeInvoiceId', invoiceId, {
    userId,
    kind: 'subscription',
    status: 'failed',
    amountCents: amount,
    currency,
    tokens: 0,
    description: plan ? `${plan.name} plan` : 'Subscription',
    failureMessage: reason,
  });
  // A later retry that succeeded wins over this older failure.
  if (payment.status === 'pending') await ctx.trx('payments').where({ id: payment.id }).update({ status: 'failed', failureMessage: reason, updatedAt: new Date() });
  const send = await recordNotification(ctx.deps, ctx.trx, {
    kind: 'payment_failed',
    userId,
    dedupeKey: `payment_failed:${invoiceId}:${wholeNumber(inv, 'attempt_count') ?? 0}`,
    severity: 'critical',
    subject: 'Your Intellio payment failed',
    text: `We could not charge ${money(amount, currency)} for your ${plan?.name ?? ''} subscription: ${reason}\nNo tokens were added. Update your card in the billing page to keep your plan.`,
    details: { receiptNumber: payment.receiptNumber },
    mail: { key: 'paymentFailed', amountMinor: amount, currency, plan: plan?.name ?? '', reason },
  });
  if (send) ctx.after.push(send);
  logPayment(ctx, { userId, receiptNumber: payment.receiptNumber, kind: 'subscription' }, 'failed', { amountCents: amount, currency, reason });
  return 'payment_failed';
}

async function subscriptionChanged(ctx: HandlerContext): Promise<string> {
  const sub = ctx.event.object;
  const userId = await resolveUser(ctx.trx, str(sub, 'customer'), str(sub, 'metadata.userId'));
  if (!userId) return 'ignored:unknown_user';
  const state = subscriptionFromObject(ctx.deps.config, sub, ctx.event.type === 'customer.subscription.deleted');
  if (!state) return 'ignored:unknown_plan';
  return applySubscription(ctx, { userId, ...state });
}

/**
 * A refund applies to its paid payment. One that arrives first (Stripe does not order deliveries) is kept
 * and applied when the payment is credited (`creditPayment`), in that transaction.
 */
async function chargeRefunded(ctx: HandlerContext): Promise<string> {
  const ch = ctx.event.object;
  const chargeId = str(ch, 'id');
  if (!chargeId) return 'ignored:no_charge';
  const refund: ChargeRefund = { chargeId, paymentIntentId: str(ch, 'payment_intent'), invoiceId: str(ch, 'invoice'), amountRefunded: wholeNumber(ch, 'amount_refunded') ?? 0 };
  const p = await findRefundedPayment(ctx.trx, refund);
  if (p && ['succeeded', 'partially_refunded', 'refunded'].includes(p.status)) return applyRefund(ctx, p.id, refund);
  await deferRefund(ctx.trx, refund, ctx.event.id);
  return p ? 'deferred:not_paid' : 'deferred:unknown_payment';
}

/** The auto-pay charge confirmed by Stripe (normally already credited by the charging process). */
async function paymentIntentSucceeded(ctx: HandlerContext): Promise<string> {
  const pi = ctx.event.object;
  const byIntent = await ctx.trx('payments').where({ stripePaymentIntentId: str(pi, 'id') }).first('id');
  const paymentId = (byIntent?.id as string | undefined) ?? str(pi, 'metadata.paymentId');
  if (!paymentId || !UUID.test(paymentId) || str(pi, 'metadata.kind') !== 'auto_pay') return 'ignored:not_auto_pay';
  const row = await ctx.trx('payments').where({ id: paymentId, kind: 'auto_pay' }).first('id');
  if (!row) return 'ignored:unknown_payment';
  await ctx.trx('payments').where({ id: paymentId }).whereNull('stripePaymentIntentId').update({ stripePaymentIntentId: str(pi, 'id') });
  return creditPayment(ctx, paymentId);
}

const HANDLERS: Record<string, (ctx: HandlerContext) => Promise<string>> = {
  'checkout.session.completed': checkoutCompleted,
  'invoice.paid': invoicePaid,
  'invoice.payment_failed': invoicePaymentFailed,
  'customer.subscription.created': subscriptionChanged,
  'customer.subscription.updated': subscriptionChanged,
  'customer.subscription.deleted': subscriptionChanged,
  'charge.refunded': chargeRefunded,
  'payment_intent.succeeded': paymentIntentSucceeded,
};

