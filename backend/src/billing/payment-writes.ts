/**
 * Writing payments and their credits. Each payment is keyed by a Stripe id (unique), so any number of
 * events about it find the same row; the credit is keyed by the payment, so it happens once whichever
 * event (or the auto-pay process itself) gets there first.
 */
import type { Knex } from 'knex';
import type { Deps } from '../deps.js';
import { credit, debit } from './ledger.js';
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
  await applyPendingRefunds(ctx, p);
  return 'credited';
}

/** What a `charge.refunded` says: the charge, what it paid for, and the cumulative amount refunded. */
export interface ChargeRefund {
  chargeId: string;
  paymentIntentId: string | null;
  invoiceId: string | null;
  amountRefunded: number;
}

/** The payment a refunded charge belongs to, locked: by PaymentIntent, then invoice, then charge. */
export async function findRefundedPayment(trx: Knex.Transaction, r: ChargeRefund): Promise<{ id: string; status: string } | null> {
  const keys: Array<[string, string | null]> = [['stripePaymentIntentId', r.paymentIntentId], ['stripeInvoiceId', r.invoiceId], ['stripeChargeId', r.chargeId]];
  for (const [column, value] of keys) {
    if (!value) continue;
    const row = await trx('payments').where({ [column]: value }).forUpdate().first('id', 'status');
    if (row) return row as { id: string; status: string };
  }
  return null;
}

/**
 * Keeps a refund whose payment is not (yet) paid here, so crediting the payment applies it. One row per
 * charge with the largest cumulative amount seen, so replays and late smaller events change nothing.
 */
export async function deferRefund(trx: Knex.Transaction, r: ChargeRefund, eventId: string): Promise<void> {
  await trx('stripePendingRefunds')
    .insert({ stripeChargeId: r.chargeId, stripePaymentIntentId: r.paymentIntentId, stripeInvoiceId: r.invoiceId, amountRefunded: r.amountRefunded, stripeEventId: eventId })
    .onConflict('stripeChargeId')
    .merge({
      amountRefunded: trx.raw('GREATEST(stripe_pending_refunds.amount_refunded, EXCLUDED.amount_refunded)'),
      stripePaymentIntentId: trx.raw('COALESCE(stripe_pending_refunds.stripe_payment_intent_id, EXCLUDED.stripe_payment_intent_id)'),
      stripeInvoiceId: trx.raw('COALESCE(stripe_pending_refunds.stripe_invoice_id, EXCLUDED.stripe_invoice_id)'),
      appliedAt: null,
      updatedAt: new Date(),
    });
}

/**
 * Applies a refund to a paid payment: debits the refunded share of its tokens not taken yet. Whatever order
 * the refund events and the payment arrive in, the result is the same, because `amountRefunded` is
 * cumulative and only a larger amount than the payment's `refundedCents` moves anything.
 */
export async function applyRefund(ctx: WriteContext, paymentId: string, r: ChargeRefund): Promise<string> {
  const { trx } = ctx;
  const p = await trx('payments').where({ id: paymentId }).forUpdate().first();
  if (p.status === 'refunded') return 'ignored:not_newer';
  if (p.status !== 'succeeded' && p.status !== 'partially_refunded') return 'ignored:not_paid';
  const amount = Number(p.amountCents);
  const refunded = Math.min(r.amountRefunded, amount);
  const before = Number(p.refundedCents);
  // amount_refunded is cumulative: an older (smaller) refund event arriving late changes nothing.
  if (refunded <= before || amount <= 0) return 'ignored:not_newer';
  const tokens = Number(p.tokens);
  const take = Math.floor((tokens * refunded) / amount) - Math.floor((tokens * before) / amount);
  if (take > 0) {
    // Tokens already spent cannot be taken back below zero: the shortfall is recorded on the entry.
    await debit(trx, { userId: p.userId, amount: take, kind: 'refund', reference: `payment:${p.receiptNumber}`, idempotencyKey: `refund:${p.id}:${refunded}`, metadata: { refundedCents: refunded }, upTo: true });
  }
  const outcome = refunded >= amount ? 'refunded' : 'partially_refunded';
  await trx('payments').where({ id: p.id }).update({ refundedCents: refunded, status: outcome, stripeChargeId: r.chargeId, updatedAt: new Date() });
  logPayment(ctx, p, outcome, { refundedCents: refunded, currency: p.currency, tokens: -Math.max(0, take) });
  return outcome;
}

/** Refunds that arrived before this payment was paid, applied in the transaction that credits it. */
async function applyPendingRefunds(ctx: WriteContext, p: { id: string; stripePaymentIntentId: string | null; stripeInvoiceId: string | null; stripeChargeId: string | null }): Promise<void> {
  const rows = await ctx.trx('stripePendingRefunds')
    .whereNull('appliedAt')
    .where((q) => {
      q.whereRaw('false');
      if (p.stripePaymentIntentId) q.orWhere('stripePaymentIntentId', p.stripePaymentIntentId);
      if (p.stripeInvoiceId) q.orWhere('stripeInvoiceId', p.stripeInvoiceId);
      if (p.stripeChargeId) q.orWhere('stripeChargeId', p.stripeChargeId);
    })
    .orderBy('amountRefunded')
    .forUpdate();
  for (const row of rows as Array<{ stripeChargeId: string; stripePaymentIntentId: string | null; stripeInvoiceId: string | null; amountRefunded: number }>) {
    await applyRefund(ctx, p.id, { chargeId: row.stripeChargeId, paymentIntentId: row.stripePaymentIntentId, invoiceId: row.stripeInvoiceId, amountRefunded: Number(row.amountRefunded) });
    await ctx.trx('stripePendingRefunds').where({ stripeChargeId: row.stripeChargeId }).update({ appliedAt: new Date(), updatedAt: new Date() });
  }
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
