/**
 * The per-call token trail: one row per model call (analysis, claim check, document embedding), newest
 * first, with the fields (and names) of the usage CSV export (usage.ts `usageCsv`). The user reads their
 * own (GET /me/trail, the Usage page) and an admin reads anyone's (GET /admin/users/:id/trail): one query,
 * one presenter, so the two can never disagree.
 */
import type { Knex } from 'knex';
import { z } from 'zod';

export const trailQuery = z.object({
  page: z.coerce.number().int().min(1, 'must be at least 1').max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1, 'must be at least 1').max(200, 'must be at most 200').default(50),
});
export type TrailQuery = z.infer<typeof trailQuery>;

const iso = (d: unknown) => (d ? new Date(d as string).toISOString() : null);
const num = (v: unknown) => (v == null ? null : Number(v));

/** One model call: what was called, its tokens, cost, charge and latency, and what it belongs to. */
export function presentModelCall(r: Record<string, unknown>) {
  return {
    id: r.id as string,
    at: iso(r.createdAt),
    kind: r.kind as string,
    purpose: (r.purpose as string | null) ?? null,
    model: r.model as string,
    status: r.status as string,
    tokensIn: num(r.tokensIn),
    tokensOut: num(r.tokensOut),
    costTokens: num(r.costTokens),
    chargedTokens: num(r.chargedTokens),
    latencyMs: num(r.latencyMs),
    analysisId: (r.analysisId as string | null) ?? null,
    documentId: (r.documentId as string | null) ?? null,
    ledgerEntryId: (r.ledgerEntryId as string | null) ?? null,
    error: (r.error as string | null) ?? null,
  };
}

/** A page of `userId`'s trail, newest first, with the total for paging. */
export async function callTrail(knex: Knex, userId: string, query: TrailQuery) {
  const [rows, count] = await Promise.all([
    knex('model_calls')
      .where({ userId })
      .orderBy([{ column: 'createdAt', order: 'desc' }, { column: 'id', order: 'desc' }])
      .offset((query.page - 1) * query.pageSize)
      .limit(query.pageSize)
      .select('id', 'createdAt', 'kind', 'purpose', 'model', 'status', 'tokensIn', 'tokensOut', 'costTokens', 'chargedTokens', 'latencyMs', 'analysisId', 'documentId', 'ledgerEntryId', 'error'),
    knex('model_calls').where({ userId }).count({ n: '*' }).first(),
  ]);
  return { rows: (rows as Array<Record<string, unknown>>).map(presentModelCall), total: Number((count as { n: unknown } | undefined)?.n ?? 0) };
}
