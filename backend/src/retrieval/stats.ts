/** What the planner's statistics say about `chunks`: its size and its common lexemes (cached per database). */
import type { Knex } from 'knex';

/** Lexemes in at least this share of the passages, and in at least COMMON_MIN_ROWS of them, are common. */
const COMMON_SHARE = 0.02;
const COMMON_MIN_ROWS = 1000;
const STATS_TTL_MS = 10 * 60_000;

export interface TableStats {
  /** Estimated rows of `chunks` (0 before the first ANALYZE). */
  rows: number;
  /** The common lexemes of `chunks.tsv` and Hangul bigrams of `chunks.tsv_hangul`. */
  common: string[];
  /**
   * The share of the rows of each lexeme the statistics keep: the ~1,000 most frequent (down to about
   * 0.1% of a large table), the common ones among them. A lexeme not here is rarer than all of these.
   */
  shares: Map<string, number>;
  /** Whether the word-pair index is there (migration 033; PostgreSQL only), which phrase search may use. */
  wordPairs: boolean;
  /** The share of the rows of each of the ~1,000 most frequent word pairs (the pair index's statistics). */
  pairShares: Map<string, number>;
}

const statsCache = new WeakMap<Knex, { at: number; stats: Promise<TableStats> }>();

/**
 * What the statistics ANALYZE (autovacuum) keeps say about `chunks`: its size, and the lexemes found in a
 * large share of a sample of the whole table, with their frequencies. Cached per database for ten minutes. Before the first
 * ANALYZE (PGlite has no autovacuum) and in a small table there are no common lexemes, so nothing is ever
 * left out there.
 */
export function tableStats(knex: Knex, options: { refresh?: boolean } = {}): Promise<TableStats> {
  const cached = statsCache.get(knex);
  if (cached && !options.refresh && Date.now() - cached.at < STATS_TTL_MS) return cached.stats;
  const stats = Promise.all([
    knex.raw(`SELECT greatest(reltuples, 0)::float8 AS n, to_regclass('chunks_tsv_pairs_gin') IS NOT NULL AS pairs FROM pg_class WHERE oid = 'chunks'::regclass`),
    knex.raw(
      // ANALYZE keeps an index expression's statistics under the index's name: the pairs' are there.
      `SELECT s.attname = 'tsv_word_pairs' AS pair, u.e, u.f::float8 AS f FROM pg_stats s,
         unnest(s.most_common_elems::text::text[], s.most_common_elem_freqs::text::float4[]) AS u(e, f)
       WHERE s.schemaname = current_schema() AND u.e IS NOT NULL
         AND ((s.tablename = 'chunks' AND s.attname IN ('tsv', 'tsv_hangul')) OR (s.tablename = 'chunks_tsv_pairs_gin' AND s.attname = 'tsv_word_pairs'))`,
    ),
  ])
    .then(([size, elements]: Array<{ rows: Array<Record<string, unknown>> }>) => {
      const rows = Number(size.rows[0]?.n ?? 0);
      const shares = new Map(elements.rows.filter((row) => !row.pair).map((row) => [String(row.e), Number(row.f)]));
      const pairShares = new Map(elements.rows.filter((row) => row.pair).map((row) => [String(row.e), Number(row.f)]));
      const common = [...shares].filter(([, f]) => f >= COMMON_SHARE && f * rows >= COMMON_MIN_ROWS).map(([e]) => e);
      return { rows, common, shares, wordPairs: size.rows[0]?.pairs === true, pairShares };
    })
    .catch(() => ({ rows: 0, common: [], shares: new Map<string, number>(), wordPairs: false, pairShares: new Map<string, number>() }));
  statsCache.set(knex, { at: Date.now(), stats });
  return stats;
}
