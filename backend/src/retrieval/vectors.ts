/** Vector helpers shared by indexing and search. */
import type { Knex } from 'knex';

/** pgvector's text form, rounded to 6 decimals (float32 carries ~7 significant digits anyway). */
export function vectorLiteral(v: ArrayLike<number>): string {
  let s = '[';
  for (let i = 0; i < v.length; i++) s += (i ? ',' : '') + (Math.round(v[i] * 1e6) / 1e6).toString();
  return `${s}]`;
}

/**
 * HNSW build parameters per dimension. 384 is the local embedder's: measured with `npm run bench --
 * retrieval` on 100k chunks of real prose, m=12/ef_construction=48 reaches the same recall as pgvector's
 * default 16/64 once `hnsw.ef_search` is raised (0.95–0.96 at ef_search 400–450), while writing a
 * document's chunks — the largest cost of ingesting it — takes about a quarter less time. Other dimensions keep pgvector's defaults
 * until they can be measured with real model vectors.
 */
const HNSW_BUILD: Record<number, { m: number; efConstruction: number }> = { 384: { m: 12, efConstruction: 48 } };

/** The partial HNSW (cosine) index for one embedding dimension; above 2000 dims it indexes halfvec. */
export function vectorIndexSql(dim: number): string {
  if (!Number.isInteger(dim) || dim < 1 || dim > 4000) throw new Error(`bad embedding dimension ${dim}`);
  const [type, ops] = dim <= 2000 ? ['vector', 'vector_cosine_ops'] : ['halfvec', 'halfvec_cosine_ops'];
  const build = HNSW_BUILD[dim];
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
