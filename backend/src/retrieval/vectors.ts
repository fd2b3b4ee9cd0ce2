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
 * 0.975 but doubles the cost, and m=16 with 128 (0.98) costs five times. Other dimensions keep pgvector's
 * defaults until they can be measured with real model vectors.
 */
const HNSW_BUILD: Record<number, HnswBuild> = { 384: { m: 12, efConstruction: 64 } };

/**
 * The partial HNSW (cosine) index for one embedding dimension; above 2000 dims it indexes halfvec.
 * `build` defaults to the measured parameters above (migrations pass the ones they shipped with).
 */
export function vectorIndexSql(dim: number, build: HnswBuild | undefined = HNSW_BUILD[dim]): string {
  if (!Number.isInteger(dim) || dim < 1 || dim > 4000) throw new Error(`bad embedding dimension ${dim}`);
  const [type, ops] = dim <= 2000 ? ['vector', 'vector_cosine_ops'] : ['halfvec', 'halfvec_cosine_ops'];
  const params = build ? ` WITH (m = ${build.m}, ef_construction = ${build.efConstruction})` : '';
  return `CREATE INDEX IF NOT EXISTS chunks_embedding_hnsw_${dim} ON chunks USING hnsw ((embedding::${type}(${dim})) ${ops})${params} WHERE embedding_dim = ${dim}`;
}

const indexed = new WeakMap<Knex, Set<number>>();

/** Creates the partial HNSW index for a dimension on first use (384 and 1536 come with the migration). */
export async function ensureVectorIndex(knex: Knex, dim: number): Promise<void> {
  let dims = indexed.get(knex);
  if (!dims) indexed.set(knex, (dims = new Set([384, 1536])));
  if (dims.has(dim)) return;
  await knex.raw(vectorIndexSql(dim));
  dims.add(dim);
}
