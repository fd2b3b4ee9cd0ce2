/**
 * Nearest passages by cosine distance (pgvector HNSW), in one statement: the search breadth is set inside
 * it, so no transaction (BEGIN, SET LOCAL, COMMIT: three more round trips, and on PGlite a hold on its only
 * connection) is needed around it.
 */
import type { Knex } from 'knex';
import { PASSAGE_COLUMNS, PASSAGE_JOIN, type RawPassage } from './passage-rows.js';
import { tableStats } from './stats.js';
import { indexPredicate, indexedType, vectorLiteral } from './vectors.js';

/**
 * How many more candidates a refined search (vector search alone, nearestChunks) finds through the
 * half-precision index than it keeps, to re-sort them by the stored full-precision vectors. On 100k chunks
 * of prose (200 queries, one build), recall@10 against exact full-precision search at ef_search 632: 0.9875
 * as found, 0.9895 with 20 re-sorted, the same with 40 (at 800: 0.990, 0.992, 0.992). Exact search over
 * the half-precision copies gives 0.999: rounding seldom matters, but where it does it decides the last of
 * the ten. Reading 20 vectors (stored out of line) costs little; a hybrid search's 60 are fused with full
 * text's instead, where a near tie's order matters less.
 */
const REFINE = 2;

export type Ranking = Array<{ id: string; rank: number }>;
export type QueryVector = { values: Float32Array; model: string };

/** Candidates taken from each ranking before fusion. */
export const CANDIDATES = 60;

/**
 * HNSW search breadth, growing with the table: ≈ 2.5·√rows between 100 and 800 (2·√rows until
 * 2026-12-07, 500 before issue 30).
 * Measured with 100 queries on 100k chunks of real prose (index m=12, ef_construction=64, 13% of the
 * chunks copies of another), recall@10
 * against exact search over every chunk: with the copies left out of the graph (see IndexScope in
 * vectors.ts) 0.961–0.980 at 500 over four builds of the index and 0.962–0.984 at 632, for a quarter more
 * time; with them in it, 0.939–0.970 at 500 over seven builds. The planner prices an index scan by
 * ef_search, and past a point it prefers sorting the whole project by distance (exact, but 100 ms at 10k
 * chunks because every vector is read from TOAST); at 10k it still takes the index at 250.
 * With the graph of migration 031 (ef_construction 200, PostgreSQL) 500 gave 0.995 and 0.988 over two
 * builds at 100k chunks, 632 (2·√rows, now up to 800) 0.994 on the second, 800 0.994–0.997: how widely
 * the graph was built, not how widely it is searched, had lost the nearest chunks. On a later build 632
 * gave 0.9875 and 800 0.990 (0.9895 and 0.992 refined, see REFINE), for a quarter more time per search
 * (vector search alone, one client: p50 8.1 → 10.4 ms): 2.5·√rows reaches 790 at 100k chunks. The
 * planner sees none of this: the breadth is set as the statement runs (below), so it plans with the
 * session's default and keeps the index.
 */
export function efSearchFor(rows: number): number {
  return Math.min(800, Math.max(100, Math.round(2.5 * Math.sqrt(Math.max(rows, 0)))));
}

/**
 * The vector half of a hybrid search searches at most 200 wide: its 60 candidates are fused with full
 * text's, so a near neighbour it misses matters less than to a vector search alone, and at 100k chunks the
 * HNSW scan is most of a hybrid search's work. On 100k chunks of prose (PostgreSQL, `npm run bench --
 * search`) ef_search 200 instead of 500 made one scan 4 ms instead of 13 ms (a third of the index pages
 * read) while the source passage stayed in the top 10 as often (0.87); vector search alone keeps
 * efSearchFor, for its recall (0.977 at 500, 0.933 at 200 on that index; 0.995 and 0.976 on 031's).
 * Projects of up to 10k chunks search as wide as before.
 */
export function hybridEfSearchFor(rows: number): number {
  return Math.min(efSearchFor(rows), 200);
}

export interface NearestOptions {
  /** Sequential scan instead of the HNSW index (the benchmark's reference for recall). */
  exact?: boolean;
  limit?: number;
  /** HNSW search breadth (efSearchFor the table's size when absent). */
  efSearch?: number;
  /**
   * Where the index holds half-precision copies (indexedType), find twice `limit` through it and keep the
   * `limit` nearest by the stored full-precision vectors (see REFINE).
   */
  refine?: boolean;
  /**
   * Read the first this many ranked chunks in full (see passage-rows.ts), for this user only: chunks of
   * documents not theirs, not in the project or not ready are then left out of the ranking.
   */
  passagesFor?: { userId: string; first: number };
}

export interface Nearest {
  ranking: Ranking;
  /** The passages read (passagesFor), by chunk id. */
  passages: Map<string, RawPassage>;
}

export type NearestScope = { projectId: string; documentIds?: string[] };

/**
 * Nearest chunks by cosine distance, over the chunks embedded by the query's model only. The index holds
 * the first chunk of each run of identical texts in a document (see IndexScope in vectors.ts); each one's
 * copies follow it at its rank, as they are just as near.
 */
export async function nearestChunks(knex: Knex, scope: NearestScope, vector: QueryVector, options: NearestOptions = {}): Promise<Ranking> {
  return (await nearestPassages(knex, scope, vector, { refine: true, ...options })).ranking;
}

/** nearestChunks, with the first passages read in the same statement (options.passagesFor). */
export async function nearestPassages(knex: Knex, scope: NearestScope, vector: QueryVector, options: NearestOptions = {}): Promise<Nearest> {
  const dim = vector.values.length;
  const limit = options.limit ?? CANDIDATES;
  const docs = scope.documentIds?.length ? { sql: 'AND c.document_id = ANY(?::uuid[])', bindings: [scope.documentIds] } : { sql: '', bindings: [] };
  const literal = vectorLiteral(vector.values);
  let distance: string;
  let distanceBindings: unknown[];
  let refine = false;
  if (options.exact) {
    distance = 'c.embedding <=> ?::vector';
    distanceBindings = [literal];
  } else {
    // The query vector is a one-row subquery (an InitPlan) whose filter sets the search breadth for this
    // statement: the executor evaluates it when the index scan starts, before pgvector reads ef_search at
    // its first tuple. `true` makes each setting local to the statement's own transaction.
    const type = await indexedType(knex, dim);
    refine = Boolean(options.refine) && type === 'halfvec';
    const [efSearch, iterative] = await Promise.all([options.efSearch ?? tableStats(knex).then((s) => efSearchFor(s.rows)), iterativeScan(knex)]);
    const settings = [`set_config('hnsw.ef_search', '${Math.round(efSearch)}', true) IS NOT NULL`];
    // pgvector ≥ 0.8 keeps scanning when the project filter removes neighbours (otherwise a small project
    // in a big table could get too few).
    if (iterative) settings.push(`set_config('hnsw.iterative_scan', 'strict_order', true) IS NOT NULL`);
    distance = `c.embedding::${type}(${dim}) <=> (SELECT ?::${type}(${dim}) WHERE ${settings.join(' AND ')})`;
    distanceBindings = [literal];
  }
  const detailed = options.passagesFor;
  // row_number() OVER () numbers the rows in the order the index scan returns them; each one's copies
  // follow it (o > 0), and every row adds a chunk to the ranking, so `limit` rows are all there can be.
  const scan = `SELECT c.id, c.document_id, c.ordinal${refine ? ', c.embedding' : ''} FROM chunks c
        WHERE c.project_id = ? AND ${indexPredicate(dim, 'canonical', 'c')} AND c.embedding_model = ? ${docs.sql}
        ORDER BY ${distance} LIMIT ${refine ? limit * REFINE : limit}`;
  // Refined: the candidates in index order (k), re-sorted by their full-precision distance, ties kept in it.
  const nearest = refine
    ? `SELECT s.id, s.document_id, s.ordinal, row_number() OVER (ORDER BY s.d, s.k) AS r FROM (
        SELECT i.id, i.document_id, i.ordinal, i.embedding <=> ?::vector AS d, row_number() OVER () AS k FROM (${scan}) i) s
        ORDER BY s.d, s.k LIMIT ${limit}`
    : `SELECT s.id, s.document_id, s.ordinal, row_number() OVER () AS r FROM (${scan}) s`;
  const sql = `WITH n AS (${nearest}),
    ranked AS (
      SELECT u.id, u.r, row_number() OVER (ORDER BY u.r, u.o) AS k FROM (
        SELECT n.id, n.r, -1 AS o FROM n
        UNION ALL
        SELECT x.id, n.r, x.ordinal FROM n CROSS JOIN LATERAL (
          SELECT x.id, x.ordinal FROM chunks x WHERE x.document_id = n.document_id AND x.copy_of_ordinal = n.ordinal
          ORDER BY x.ordinal LIMIT ${limit}) x) u
      ORDER BY u.r, u.o LIMIT ${limit})
    ${detailed
      ? `SELECT ranked.id, ranked.r, ranked.k, ${PASSAGE_COLUMNS} FROM ranked LEFT JOIN (${PASSAGE_JOIN}) ON c.id = ranked.id AND ranked.k <= ${Math.round(detailed.first)}`
      : 'SELECT ranked.id, ranked.r, ranked.k FROM ranked'}
    ORDER BY ranked.k`;
  const bindings = [...(refine ? [literal] : []), scope.projectId, vector.model, ...docs.bindings, ...distanceBindings, ...(detailed ? [detailed.userId, scope.projectId] : [])];
  const { rows } = await knex.raw(sql, bindings as Knex.RawBinding[]);
  const ranking: Ranking = [];
  const passages = new Map<string, RawPassage>();
  for (const row of rows as Array<RawPassage & { id: string; r: string | number; k: string | number }>) {
    // A passage that should have been read and was not is not the user's to see.
    if (detailed && Number(row.k) <= detailed.first) {
      if (!row.chunk_id) continue;
      passages.set(row.id, row);
    }
    ranking.push({ id: row.id, rank: Number(row.r) });
  }
  return { ranking, passages };
}

const iterative = new WeakMap<Knex, Promise<boolean>>();

/** Whether pgvector here has iterative index scans (0.8 and later); asked once per knex instance. */
function iterativeScan(knex: Knex): Promise<boolean> {
  let supported = iterative.get(knex);
  if (!supported) {
    supported = knex
      .raw(`SELECT extversion FROM pg_extension WHERE extname = 'vector'`)
      .then((r: { rows: Array<{ extversion: string }> }) => {
        const [major, minor] = (r.rows[0]?.extversion ?? '0.0').split('.').map(Number);
        return major > 0 || minor >= 8;
      });
    iterative.set(knex, supported);
  }
  return supported;
}
