/**
 * One user's consumption: tokens debited per period and kind (from the ledger, the record of what was
 * charged), their analyses with status/latency/tokens, recent activity, and the per-call trail for export.
 * The admin user detail reuses the same functions.
 */
import type { Knex } from 'knex';
import { periodSql, periodsOf, presentRange, type DayRange } from './range.js';

export const USAGE_KINDS = ['analysis', 'embedding'] as const;
export type UsageKind = (typeof USAGE_KINDS)[number];

const iso = (d: Date | string | null) => (d ? new Date(d).toISOString() : null);

export interface UsagePoint {
  period: string;
  analysis: number;
  embedding: number;
  total: number;
}

/** Tokens debited per period and kind; every period of the range is present (zeros included). */
export async function usageSeries(knex: Knex, userId: string | null, range: DayRange): Promise<UsagePoint[]> {
  const q = knex('token_ledger')
    .select(knex.raw(`${periodSql('created_at', range.granularity)} AS period`), 'kind', knex.raw('sum(-delta) AS tokens'))
    .whereIn('kind', [...USAGE_KINDS])
    .where('createdAt', '>=', range.from)
    .where('createdAt', '<', range.end)
    .groupBy('period', 'kind');
  if (userId) q.where({ userId });
  const rows = (await q) as Array<{ period: string; kind: UsageKind; tokens: unknown }>;
  const points = new Map(periodsOf(range).map((period) => [period, { period, analysis: 0, embedding: 0, total: 0 }]));
  for (const r of rows) {
    const p = points.get(r.period);
    if (!p) continue;
    p[r.kind] += Number(r.tokens);
    p.total += Number(r.tokens);
  }
  return [...points.values()];
}

export function presentAnalysisUsage(a: Record<string, unknown>) {
  return {
    id: a.id as string,
    createdAt: iso(a.createdAt as Date),
    status: a.status as string,
    source: a.source as string,
    model: a.model as string,
    prompt: String(a.prompt ?? '').slice(0, 160),
    latencyMs: (a.latencyMs as number | null) ?? null,
    tokensIn: (a.tokensIn as number | null) ?? null,
    tokensOut: (a.tokensOut as number | null) ?? null,
    tokensCharged: a.tokensCharged == null ? null : Number(a.tokensCharged),
    cached: a.cachedFrom != null,
    error: (a.errorCode as string | null) ?? null,
  };
}

/** The user's analyses in the range, newest first. */
export async function analysesIn(knex: Knex, userId: string, range: DayRange, limit = 200) {
  const rows = await knex('analyses')
    .where({ userId })
    .where('createdAt', '>=', range.from)
    .where('createdAt', '<', range.end)
    .orderBy([{ column: 'createdAt', order: 'desc' }, { column: 'id', order: 'desc' }])
    .limit(limit)
    .select('id', 'createdAt', 'status', 'source', 'model', 'prompt', 'latencyMs', 'tokensIn', 'tokensOut', 'tokensCharged', 'cachedFrom', 'errorCode');
  return rows.map(presentAnalysisUsage);
}

export function presentActivity(r: Record<string, unknown>) {
  return {
    id: r.id as string,
    action: r.action as string,
    target: (r.target as string | null) ?? null,
    ip: (r.ip as string | null) ?? null,
    userAgent: (r.userAgent as string | null) ?? null,
    metadata: (r.metadata as Record<string, unknown>) ?? {},
    at: iso(r.at as Date),
  };
}

/** The user's activity, newest first (optionally within a range). */
export async function activityOf(knex: Knex, userId: string, opts: { range?: DayRange; limit: number }) {
  const q = knex('activity').where({ userId }).orderBy([{ column: 'at', order: 'desc' }, { column: 'id', order: 'desc' }]).limit(opts.limit);
  if (opts.range) q.where('at', '>=', opts.range.from).where('at', '<', opts.range.end);
  return (await q).map(presentActivity);
}

/** GET /me/usage for one user. */
export async function userUsage(knex: Knex, userId: string, range: DayRange) {
  const [series, analyses, activity, statuses] = await Promise.all([
    usageSeries(knex, userId, range),
    analysesIn(knex, userId, range),
    activityOf(knex, userId, { range, limit: 100 }),
    knex('analyses')
      .where({ userId })
      .where('createdAt', '>=', range.from)
      .where('createdAt', '<', range.end)
      .select('status')
      .count({ n: '*' })
      .groupBy('status') as Promise<Array<{ status: string; n: unknown }>>,
  ]);
  const byKind = { analysis: 0, embedding: 0 };
  for (const p of series) for (const k of USAGE_KINDS) byKind[k] += p[k];
  const count = (s: string) => Number(statuses.find((r) => r.status === s)?.n ?? 0);
  return {
    range: presentRange(range),
    totals: {
      tokens: byKind.analysis + byKind.embedding,
      byKind,
      analyses: statuses.reduce((n, r) => n + Number(r.n), 0),
      succeeded: count('succeeded'),
      failed: count('failed'),
      cancelled: count('cancelled'),
    },
    series,
    analyses,
    activity,
  };
}

const CSV_COLUMNS = ['time', 'kind', 'model', 'status', 'tokens_in', 'tokens_out', 'cost_tokens', 'charged_tokens', 'latency_ms', 'analysis_id', 'document_id', 'ledger_entry_id', 'error'] as const;

function csvCell(v: unknown): string {
  const s = v == null ? '' : v instanceof Date ? v.toISOString() : String(v);
  // Quote when needed; a leading =, +, - or @ (after a tab or carriage return too) would run as a formula.
  const safe = /^[\t\r]*[=+\-@]/.test(s) ? `'${s}` : s;
  return /[",\n\r]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** The user's per-call token trail in the range as CSV (one line per model call, oldest first). */
export async function usageCsv(knex: Knex, userId: string, range: DayRange): Promise<string> {
  const rows = await knex('model_calls')
    .where({ userId })
    .where('createdAt', '>=', range.from)
    .where('createdAt', '<', range.end)
    .orderBy([{ column: 'createdAt', order: 'asc' }, { column: 'id', order: 'asc' }])
    .limit(100_000)
    .select('createdAt', 'kind', 'model', 'status', 'tokensIn', 'tokensOut', 'costTokens', 'chargedTokens', 'latencyMs', 'analysisId', 'documentId', 'ledgerEntryId', 'error');
  const lines = rows.map((r: Record<string, unknown>) =>
    [r.createdAt, r.kind, r.model, r.status, r.tokensIn, r.tokensOut, Number(r.costTokens), Number(r.chargedTokens), r.latencyMs, r.analysisId, r.documentId, r.ledgerEntryId, r.error].map(csvCell).join(','),
  );
  return [CSV_COLUMNS.join(','), ...lines].join('\r\n') + '\r\n';
}
