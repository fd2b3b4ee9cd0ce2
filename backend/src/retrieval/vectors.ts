/** Vector helpers shared by indexing and search. */
import type { Knex } from 'knex';

/** pgvector's text form, rounded to 6 decimals (float32 carries ~7 significant digits anyway). */
export function vectorLiteral(v: ArrayLike<number>): string {
  let s = '[';
  for (let i = 0; i < v.length; i++) s += (i ? ',' : '') + (Math.round(v[i] * 1e6) / 1e6).toString();
  return `${s}]`;
}

export interface HnswBuild {
  m: number;
  efConstruction: number;
}

/**
 * HNSW build parameters per dimension. 384 is the local embedder's, measured with 300 queries on 100k
 * chunks of real prose (recall@10 against exact search; `npm run bench -- retrieval` runs the same):
 * ef_construction decides recall more than m or ef_search does. m=12 with ef_construction 48 levels off
 * at 0.94–0.955 however wide the search; 64 gave 0.945–0.972 over five builds (mean 0.958) at ef_search 500
 * (p95 11–19 ms) for about a third more build and insert time. Every build draws new random levels, so
 * one build's recall says little: m=8 or 10 with ef_construction 80–120 landed in the same band, 100 gives
 * 0.975 but doubles the cost, and m=16 with 128 (0.98) costs five times. Over half-precision copies
 * (PostgreSQL, see HALF_PRECISION) two builds gave 0.971 and 0.966 (p95 17 and 14 ms), built in 20 s
 * instead of 25. Other dimensions keep pgvector's defaults until they can be measured with real model
 * vectors.
 * Issue 30 (PostgreSQL, halfvec, first copies only, 100 queries, `npm run bench -- search`): a query of a
 * few words is far from every chunk, and the 64-wide graph lost its way to the nearest ones (0.96–0.97 at
 * ef_search 500, 0.971 at 1000; on an m=16/200 graph every missed chunk was still found by its own vector:
 * none is unreachable, a search from far away loses its way in a narrowly built graph). ef_construction 200 gives 0.988–0.995 at 500 over two builds,
 * 0.994 at 632 (160: 0.989–0.991; m=16/128: 0.977; m=24/96: 0.989) for about 3.2 times the build CPU (a
 * serial build of the 87k first copies: 71 CPU-seconds instead of 22), and so about that much more per
 * graph insert at ingest. Migration 031 builds it on PostgreSQL; PGlite keeps 64 (see there).
 */
const HNSW_BUILD: Record<number, HnswBuild> = { 384: { m: 12, efConstruction: 200 } };

export type IndexedType = 'vector' | 'halfvec';

/**
 * Dimensions whose index stores half-precision copies (`halfvec`, 2 bytes a component) on PostgreSQL:
 * the local embedder's 384. An HNSW insert spends most of its time loading neighbour elements (copying
 * each vector out of its page), so halving them cut PostgreSQL's CPU per ingest pass by about a quarter
 * and made it steadier (0.67–0.81 against 0.76–1.17 core-seconds over five interleaved runs of the ingest
 * bench's passes). Rows keep full float32 vectors; only the index's copy and the distance that ranks by it
 * are rounded (~3 significant digits, far below the gaps between neighbours that matter). Not on PGlite:
 * WebAssembly has no F16C, so converting halves costs more than it saves (ingest ratio 0.22 → 0.10).
 */
const HALF_PRECISION = new Set([384]);

const wasm = new WeakMap<Knex, Promise<boolean>>();
/** Whether the database is PGlite (PostgreSQL compiled to WebAssembly); asked once per knex instance. */
export function isWebAssembly(knex: Knex): Promise<boolean> {
  let answer = wasm.get(knex);
  if (!answer) {
    answer = knex.raw('SELECT version() AS v').then((r: { rows: Array<{ v: string }> }) => /wasm32|emscripten/i.test(r.rows[0].v));
    wasm.set(knex, answer);
  }
  return answer;
}

/** The type the index of `dim`-dimension chunks holds on this database (pgvector indexes `vector` up to 2000 dimensions). */
export async function indexedType(knex: Knex, dim: number): Promise<IndexedType> {
  if (dim > 2000) return 'halfvec';
  return HALF_PRECISION.has(dim) && !(await isWebAssembly(knex)) ? 'halfvec' : 'vector';
}

/**
 * The distance an index scan orders by on this database: the index's own expression, and the query cast
 * to its type (bind the query vector's text form). Ordering by any other expression bypasses the index.
 */
export async function indexedDistanceSql(knex: Knex, dim: number, column = 'c.embedding'): Promise<string> {
  const type = await indexedType(knex, dim);
  return `${column}::${type}(${dim}) <=> ?::${type}(${dim})`;
}

/**
 * Which chunks an HNSW index holds: every chunk of its dimension (`all`, as shipped by migrations 003–011),
 * or only the first of each run of identical texts in a document (`canonical`, since 012). Many identical
 * vectors crowd one another out of the graph's neighbour lists, so a query whose nearest passages are such
 * copies (a page footer, a licence repeated in a manual) could end far from them: on 100k chunks of prose,
 * 13% of them copies, recall@10 at ef_search 500 was 0.939–0.970 over seven builds with every copy indexed
 * and 0.961–0.980 over four without, and ingest skips the graph insert for every copy. Search finds the
 * copies again through `copy_of_ordinal` (nearestChunks in retrieval/search.ts).
 */
export type IndexScope = 'all' | 'canonical';

/** The condition a query must state so the planner can use an index of `scope` (its partial predicate). */
export function indexPredicate(dim: number, scope: IndexScope = 'canonical', alias = ''): string {
  const col = (name: string) => (alias ? `${alias}.${name}` : name);
  return `${col('embedding_dim')} = ${dim}${scope === 'canonical' ? ` AND ${col('copy_of_ordinal')} IS NULL` : ''}`;
}

/**
 * The partial HNSW (cosine) index for one embedding dimension, over `type` (see indexedType). `build`
 * defaults to the measured parameters above; migrations pass the ones and the scope they shipped with.
 */
export function vectorIndexSql(dim: number, type: IndexedType, build: HnswBuild | undefined = HNSW_BUILD[dim], scope: IndexScope = 'canonical'): string {
  if (!Number.isInteger(dim) || dim < 1 || dim > 4000) throw new Error(`bad embedding dimension ${dim}`);
  if (type === 'vector' && dim > 2000) throw new Error(`a vector index holds at most 2000 dimensions, not ${dim}`);
  const params = build ? ` WITH (m = ${build.m}, ef_construction = ${build.efConstruction})` : '';
  return `CREATE INDEX IF NOT EXISTS chunks_embedding_hnsw_${dim} ON chunks USING hnsw ((embedding::${type}(${dim})) ${type}_cosine_ops)${params} WHERE ${indexPredicate(dim, scope)}`;
}

const indexed = new WeakMap<Knex, Set<number>>();

/** Creates the partial HNSW index for a dimension on first use (384 and 1536 come with the migration). */
export async function ensureVectorIndex(knex: Knex, dim: number): Promise<void> {
  let dims = indexed.get(knex);
  if (!dims) indexed.set(knex, (dims = new Set([384, 1536])));
  if (dims.has(dim)) return;
  await knex.raw(vectorIndexSql(dim, await indexedType(knex, dim)));
  dims.add(dim);
}
