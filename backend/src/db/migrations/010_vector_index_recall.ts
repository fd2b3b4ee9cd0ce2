import type { Knex } from 'knex';
import { vectorIndexSql } from '../../retrieval/vectors.js';
import { BUILD_009 } from './009_vector_index.js';

/** What this migration shipped: full-precision vectors, m=12, ef_construction=64 (011 replaced the type). */
export const BUILD_010 = { m: 12, efConstruction: 64 };

/**
 * Rebuilds the local embedder's HNSW index with ef_construction 64 (see HNSW_BUILD in
 * retrieval/vectors.ts): with 48, recall@10 at 100k chunks levelled off around 0.94–0.955, too close to
 * the 0.95 it must hold. On a big table this takes a while (about 25 s per 100k chunks on two cores).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw('DROP INDEX IF EXISTS chunks_embedding_hnsw_384');
  await knex.raw(vectorIndexSql(384, 'vector', BUILD_010, 'all'));
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP INDEX IF EXISTS chunks_embedding_hnsw_384');
  await knex.raw(vectorIndexSql(384, 'vector', BUILD_009, 'all'));
}
