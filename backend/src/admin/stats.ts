/**
 * Global statistics for the admin dashboard, computed in SQL and cached (monitoring/live.ts) for
 * STATS_CACHE_TTL_SECONDS under a usage version that every model call bumps. Live counters are read fresh.
 *
 * Definitions: tokens = ledger debits of kinds analysis + embedding; active = signed in, or did anything
 * recorded in the activity log (failed sign-ins excluded); error rate = failed / (succeeded + failed)
 * analyses; p95 latency over succeeded analyses that ran a model (cached repeats excluded); revenue =
 * amount − refunds of succeeded and partially refunded payments, by the day they were paid; quote accuracy
 * = median |settled − quoted| / settled and the share of runs whose quoted high covered what was settled,
 * over succeeded runs that were quoted and charged (migration 025).
 */
import type { Knex } from 'knex';
import type { Deps } from '../deps.js';
import { cached, liveCounters } from '../monitoring/live.js';
import { periodSql, periodsOf, presentRange, type DayRange } from '../monitoring/range.js';
import { USAGE_KINDS, usageSeries } from '../monitoring/usage.js';

const n = (v: unknown) => Number(v ?? 0);

async function rawRows<T>(knex: Knex, sql: string, bindings: unknown[]): Promise<T[]> {
  return (await knex.raw(sql, bindings as Knex.RawBinding[])).rows as T[];
}

export async function computeStats(knex: Knex, range: DayRange) {
  const day = (col: string) => periodSql(col, range.granularity);
  const between = [range.from, range.end];
  const [users, active, analysesByDay, latency, revenueByDay, topUsers, tokenSeries, quotes] = await Promise.all([
    rawRows<{ total: unknown; disabled: unknown; admins: unknown }>(knex, 'SELECT count(*) AS total, count(*) FILTER (WHERE disabled) AS disabled, count(*) FILTER (WHERE role = \'admin\') AS admins FROM users', []),
    rawRows<{ d1: unknown; d7: unknown; d30: unknown }>(
      knex,
      `SELECT count(DISTINCT user_id) FILTER (WHERE at >= now() - interval '1 day') AS d1,
              count(DISTINCT user_id) FILTER (WHERE at >= now() - interval '7 days') AS d7,
              count(DISTINCT user_id) AS d30
         FROM activity WHERE at >= now() - interval '30 days' AND user_id IS NOT NULL AND action <> 'auth.login_failed'`,
      [],
    ),
    rawRows<{ period: string; total: unknown; succeeded: unknown; failed: unknown; cancelled: unknown }>(
      knex,
      `SELECT ${day('created_at')} AS period, count(*) AS total,
              count(*) FILTER (WHERE status = 'succeeded') AS succeeded,
              count(*) FILTER (WHERE status = 'failed') AS failed,
              count(*) FILTER (WHERE status = 'cancelled') AS cancelled
         FROM analyses WHERE created_at >= ? AND created_at < ? GROUP BY 1`,
      between,
    ),
    rawRows<{ p95: unknown; avg: unknown }>(
      knex,
      `SELECT percentile_cont(0.95) WITHIN GROUP (ORDER BY latency_ms) AS p95, avg(latency_ms) AS avg
         FROM analyses WHERE status = 'succeeded' AND cached_from IS NULL AND latency_ms IS NOT NULL AND created_at >= ? AND created_at < ?`,
      between,
    ),
    rawRows<{ period: string; cents: unknown; payments: unknown }>(
      knex,
      `SELECT ${day('coalesce(paid_at, created_at)')} AS period, sum(amount_cents - refunded_cents) AS cents, count(*) AS payments
         FROM payments WHERE status IN ('succeeded', 'partially_refunded') AND coalesce(paid_at, created_at) >= ? AND coalesce(paid_at, created_at) < ?
         GROUP BY 1`,
      between,
    ),
    rawRows<{ id: string; email: string; name: string; tier: string; tokens: unknown; analyses: unknown }>(
      knex,
      `SELECT u.id, u.email, u.name, u.tier, t.tokens,
              (SELECT count(*) FROM analyses a WHERE a.user_id = u.id AND a.created_at >= ? AND a.created_at < ?) AS analyses
         FROM (SELECT user_id, sum(-delta) AS tokens FROM token_ledger
                WHERE kind IN (${USAGE_KINDS.map((k) => `'${k}'`).join(',')}) AND created_at >= ? AND created_at < ?
                GROUP BY user_id HAVING sum(-delta) > 0) t
         JOIN users u ON u.id = t.user_id
        ORDER BY t.tokens DESC, u.email LIMIT 10`,
      [...between, ...between],
    ),
    usageSeries(knex, null, range),
    rawRows<{ runs: unknown; median: unknown; covered: unknown }>(
      knex,
      `SELECT count(*) AS runs,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY abs(tokens_charged - quote_estimated)::float8 / tokens_charged) AS median,
              count(*) FILTER (WHERE quote_high >= tokens_charged) AS covered
         FROM analyses
        WHERE status = 'succeeded' AND cached_from IS NULL AND quote_estimated IS NOT NULL AND tokens_charged > 0 AND created_at >= ? AND created_at < ?`,
      between,
    ),
  ]);

  const byPeriod = new Map(
    periodsOf(range).map((period) => [period, { period, tokens: 0, analysisTokens: 0, embeddingTokens: 0, analyses: 0, succeeded: 0, failed: 0, cancelled: 0, revenueCents: 0 }]),
  );
  for (const p of tokenSeries) Object.assign(byPeriod.get(p.period) ?? {}, { tokens: p.total, analysisTokens: p.analysis, embeddingTokens: p.embedding });
  for (const r of analysesByDay) Object.assign(byPeriod.get(r.period) ?? {}, { analyses: n(r.total), succeeded: n(r.succeeded), failed: n(r.failed), cancelled: n(r.cancelled) });
  for (const r of revenueByDay) Object.assign(byPeriod.get(r.period) ?? {}, { revenueCents: n(r.cents) });
  const series = [...byPeriod.values()];
  const sum = (k: keyof (typeof series)[number]) => series.reduce((acc, p) => acc + Number(p[k]), 0);
  const finished = sum('succeeded') + sum('failed');
  return {
    range: presentRange(range),
    generatedAt: new Date().toISOString(),
    users: { total: n(users[0].total), disabled: n(users[0].disabled), admins: n(users[0].admins), active1d: n(active[0].d1), active7d: n(active[0].d7), active30d: n(active[0].d30) },
    totals: {
      tokens: sum('tokens'),
      analysisTokens: sum('analysisTokens'),
      embeddingTokens: sum('embeddingTokens'),
      analyses: sum('analyses'),
      failed: sum('failed'),
      errorRate: finished ? sum('failed') / finished : null,
      p95LatencyMs: latency[0].p95 == null ? null : Math.round(n(latency[0].p95)),
      avgLatencyMs: latency[0].avg == null ? null : Math.round(n(latency[0].avg)),
      revenueCents: sum('revenueCents'),
    },
    series: series.map((p) => ({ ...p, errorRate: p.succeeded + p.failed ? p.failed / (p.succeeded + p.failed) : null })),
    // Quote accuracy over the period's settled runs that were quoted (cached repeats cost nothing and are left out).
    quotes: {
      runs: n(quotes[0].runs),
      medianError: quotes[0].median == null ? null : n(quotes[0].median),
      highCoverage: n(quotes[0].runs) ? n(quotes[0].covered) / n(quotes[0].runs) : null,
    },
    topUsers: topUsers.map((u) => ({ id: u.id, email: u.email, name: u.name, tier: u.tier, tokens: n(u.tokens), analyses: n(u.analyses) })),
  };
}

export type Stats = Awaited<ReturnType<typeof computeStats>>;

/** Cached statistics for the range plus fresh live counters. */
export async function adminStats(deps: Pick<Deps, 'knex' | 'redis' | 'config'>, range: DayRange) {
  const key = `${range.from.toISOString()}:${range.end.toISOString()}:${range.granularity}`;
  const stats = await cached(deps, key, deps.config.monitoring.statsCacheTtlSeconds, () => computeStats(deps.knex, range));
  // Revenue is in the billing currency's smallest unit (won for krw): say which, so it is shown right.
  return { ...stats, currency: deps.config.stripe.currency, live: await liveCounters(deps) };
}
