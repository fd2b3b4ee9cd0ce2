/**
 * Writing payments and their credits. Each payment is keyed by a Stripe id (unique), so any number of
 * events about it find the same row; the credit is keyed by the payment, so it happens once whichever
 * event (or the auto-pay process itself) gets there first.
 */
import type { Knex } from 'knex';
import type { Deps } from '../deps.js';
import { credit } from './ledger.js';
import { sendReceipt } from './receipts.js';
import { stripeClient } from './stripe.js';

export interface WriteContext {
  deps: Deps;
  trx: Knex.Transaction;
  /** Side effects (mail) to run once the transaction has committed. */
  after: Array<() => Promise<void>>;
}

export interface NewPayment {
  userId: string;
  kind: 'subscription' | 'token_pack' | 'auto_pay';
  status?: 'pending' | 'failed';
  amountCents: number;
  currency: string;
  tokens: number;
  description: string;
  receiptUrl?: string | null;
  stripePaymentIntentId?: string | null;
  failureMessage?: string | null;
}

type StripeKey = 'stripeCheckoutSessionId' | 'stripeInvoiceId' | 'stripePaymentIntentId';

/** The payment with this Stripe id, inserted if new, locked for the rest of the transaction. */
export async function upsertPayment(trx: Knex.Transaction, column: StripeKey, value: string, fields: NewPayment): Promise<{ id: string; status: string; receiptNumber: string }> {
  const row: Record<string, unknown> = { ...fields, status: fields.status ?? 'pending', [column]: value };
  // A PaymentIntent id already on another row (e.g. the invoice's) stays there: it is unique.
  if (column !== 'stripePaymentIntentId' && fields.stripePaymentIntentId) {
    const taken = await trx('payments').where({ stripePaymentIntentId: fields.stripePaymentIntentId }).first('id');
    if (taken) delete row.stripePaymentIntentId;
  }
  await trx('payments').insert(row).onConflict(column).ignore();
  const found = await trx('payments').where({ [column]: value }).forUpdate().first('id', 'status', 'receiptNumber');
  // An unpaid row takes the newest facts (a failed invoice later paid: its amount and tokens).
  if (found.status === 'pending' || found.status === 'failed') {
    const { status: _status, userId: _user, kind: _kind, ...facts } = row;
    await trx('payments').where({ id: found.id }).update({ ...facts, updatedAt: new Date() });
  }
  return found;
}

/**
 * After commit: the payment's line in the activity log (`payment.succeeded|failed|refunded|partially_refunded`),
 * targeted at its receipt number, so the user's and the admins' activity lists show money moving.
 */
export function logPayment(ctx: WriteContext, p: { userId: string; receiptNumber: string; kind?: string }, outcome: string, metadata: Record<string, unknown> = {}): void {
  ctx.after.push(async () => {
    ctx.deps.activity.record({ userId: p.userId, action: `payment.${outcome}`, target: p.receiptNumber, metadata: { kind: p.kind, ...metadata } });
  });
}

/** Marks the payment succeeded and credits its tokens, once; queues the receipt email. */
export async function creditPayment(ctx: WriteContext, paymentId: string): Promise<string> {
  const { trx, deps } = ctx;
  const p = await trx('payments').where({ id: paymentId }).forUpdate().first();
  if (p.status !== 'pending' && p.status !== 'failed') return 'already_credited';
  const tokens = Number(p.tokens);
  const entry = tokens > 0
    ? await credit(trx, { userId: p.userId, amount: tokens, kind: 'purchase', reference: `payment:${p.receiptNumber}`, idempotencyKey: `payment:${p.id}`, metadata: { payment: p.kind } })
    : null;
  await trx('payments')
    .where({ id: paymentId })
    .update({ status: 'succeeded', failureMessage: null, ledgerEntryId: entry?.id ?? null, paidAt: p.paidAt ?? new Date(), updatedAt: new Date() });
  ctx.after.push(() => sendReceipt(deps, paymentId));
  logPayment(ctx, p, 'succeeded', { amountCents: Number(p.amountCents), currency: p.currency, tokens });
  return 'credited';
}

/** Stripe's charge behind a PaymentIntent, as returned with `expand: ['latest_charge']`. */
export function chargeOf(intent: { latest_charge?: unknown }): { id: string | null; receiptUrl: string | null } {
  const c = intent.latest_charge;
  if (typeof c === 'string') return { id: c, receiptUrl: null };
  const charge = (c ?? {}) as { id?: string; receipt_url?: string | null };
  return { id: charge.id ?? null, receiptUrl: charge.receipt_url ?? null };
}

/** Stores Stripe's hosted receipt link of a paid PaymentIntent on its payment (after commit, best effort). */
export async function storeStripeReceipt(deps: Deps, paymentId: string, paymentIntentId: string): Promise<void> {
  const intent = await stripeClient(deps.config).paymentIntents.retrieve(paymentIntentId, { expand: ['latest_charge'] });
  const charge = chargeOf(intent);
  await deps.knex('payments').where({ id: paymentId }).whereNull('receiptUrl').update({ receiptUrl: charge.receiptUrl, stripeChargeId: charge.id, updatedAt: new Date() });
}
