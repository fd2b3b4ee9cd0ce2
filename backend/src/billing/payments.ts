/** Payments as the user sees them (history, receipts). Rows are written by the webhook and auto-pay paths. */
import type { Knex } from 'knex';
import { notFound } from '../http/errors.js';
import { money } from './currency.js';
import { newestFirst } from './paging.js';

export interface PaymentRow {
  id: string;
  userId: string;
  receiptNumber: string;
  kind: 'subscription' | 'token_pack' | 'auto_pay';
  status: 'pending' | 'succeeded' | 'failed' | 'refunded' | 'partially_refunded';
  amountCents: number;
  currency: string;
  tokens: number;
  refundedCents: number;
  description: string | null;
  receiptUrl: string | null;
  failureMessage: string | null;
  paidAt: Date | null;
  createdAt: Date;
}

function toPayment(row: Record<string, unknown>): PaymentRow {
  return { ...(row as unknown as PaymentRow), tokens: Number(row.tokens), amountCents: Number(row.amountCents), refundedCents: Number(row.refundedCents) };
}

const iso = (d: Date | string | null) => (d ? new Date(d).toISOString() : null);

/** No Stripe ids: the user needs the receipt number and our receipt links. Amounts in the smallest unit, and formatted. */
export function presentPayment(p: PaymentRow) {
  const base = `/api/v1/billing/payments/${p.id}/receipt`;
  return {
    id: p.id,
    receiptNumber: p.receiptNumber,
    kind: p.kind,
    status: p.status,
    amountCents: p.amountCents,
    refundedCents: p.refundedCents,
    currency: p.currency,
    amountText: money(p.amountCents, p.currency),
    refundedText: money(p.refundedCents, p.currency),
    tokens: p.tokens,
    description: p.description,
    failureMessage: p.failureMessage,
    paidAt: iso(p.paidAt),
    createdAt: iso(p.createdAt),
    receipt: { html: base, pdf: `${base}.pdf`, stripe: p.receiptUrl },
  };
}

export async function listPayments(knex: Knex, userId: string, opts: { limit: number; before?: string }): Promise<PaymentRow[]> {
  return (await newestFirst(knex, 'payments', userId, opts)).map(toPayment);
}

/** The user's payment, or 404 (a foreign id looks the same as a missing one). */
export async function getPayment(knex: Knex | Knex.Transaction, userId: string, id: string): Promise<PaymentRow> {
  const row = await knex('payments').where({ id, userId }).first();
  if (!row) throw notFound('Payment');
  return toPayment(row);
}

export async function paymentById(knex: Knex | Knex.Transaction, id: string): Promise<PaymentRow | null> {
  const row = await knex('payments').where({ id }).first();
  return row ? toPayment(row) : null;
}
