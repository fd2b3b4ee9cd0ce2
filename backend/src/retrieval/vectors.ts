/** Vector helpers shared by indexing and search. */
import type { Knex } from 'knex';
import { vectorIndexSql } from '../db/migrations/003_documents.js';

/** pgvector's text form, rounded to 6 decimals (float32 carries ~7 significant digits anyway). */
export function vectorLiteral(v: ArrayLike<number>): string {
  let s = '[';
  for (let i = 0; i < v.length; i++) s += (i ? ',' : '') + (Math.round(v[i] * 1e6) / 1e6).toString();
  return `${s}]`;
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
