/**
 * Known rows for usage and statistics tests, written straight to SQL at chosen times (the API can only
 * write "now"). Ledger rows go through the ledger's own functions and are then moved in time.
 */
import type { Knex } from 'knex';
import { credit, debit } from '../src/billing/ledger.js';
import { SALES } from './analysis-fixtures.js';

let seq = 0;

/** A usage debit (or, with kind purchase/grant, a credit) of `amount` tokens at `at`. */
export async function seedLedger(knex: Knex, userId: string, kind: 'analysis' | 'embedding' | 'purchase' | 'adjust', amount: number, at: string): Promise<string> {
  const input = { userId, amount, kind, idempotencyKey: `seed:${userId}:${++seq}:${Date.now()}` };
  const entry = kind === 'purchase' ? await credit(knex, input) : await debit(knex, input);
  await knex('token_ledger').where({ id: entry?.id }).update({ createdAt: new Date(at) });
  return entry?.id as string;
}

export interface SeedAnalysis {
  status: 'succeeded' | 'failed' | 'cancelled';
  at: string;
  latencyMs?: number;
  tokensIn?: number;
  tokensOut?: number;
  tokensCharged?: number;
  cachedFrom?: string;
}

export async function seedAnalysis(knex: Knex, userId: string, projectId: string, a: SeedAnalysis): Promise<string> {
  const [row] = await knex('analyses')
    .insert({
      userId,
      projectId,
      source: 'web',
      selection: JSON.stringify(SALES),
      cellCount: 21,
      prompt: `Seeded ${a.status} analysis`,
      refinedPrompt: 'seeded',
      intent: 'summarise',
      status: a.status,
      engine: 'local',
      model: 'local-analyst',
      tokensIn: a.tokensIn ?? null,
      tokensOut: a.tokensOut ?? null,
      tokensCharged: a.tokensCharged ?? null,
      tokensReserved: 0,
      latencyMs: a.latencyMs ?? null,
      cacheKey: `seed-${++seq}`,
      cachedFrom: a.cachedFrom ?? null,
      errorCode: a.status === 'failed' ? 'model_error' : null,
      createdAt: new Date(a.at),
    })
    .returning('id');
  return row.id as string;
}

export async function seedActivity(knex: Knex, userId: string, action: string, at: Date | string, target: string | null = null): Promise<void> {
  await knex('activity').insert({ userId, action, target, ip: '203.0.113.7', userAgent: 'seed', at: new Date(at) });
}

export async function seedPayment(
  knex: Knex,
  userId: string,
  p: { status: 'pending' | 'succeeded' | 'failed' | 'refunded' | 'partially_refunded'; amountCents: number; refundedCents?: number; paidAt: string },
): Promise<void> {
  await knex('payments').insert({ userId, kind: 'token_pack', status: p.status, amountCents: p.amountCents, refundedCents: p.refundedCents ?? 0, tokens: 1000, paidAt: new Date(p.paidAt) });
}
