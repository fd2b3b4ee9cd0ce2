import type { Knex } from 'knex';
import { vectorIndexSql } from '../../retrieval/vectors.js';
import { firstVectorIndexSql } from './003_documents.js';

/**
 * Rebuilds the local embedder's HNSW index (384 dimensions) with the build parameters measured for it
 * (see HNSW_BUILD in retrieval/vectors.ts): inserts get cheaper and search widens `ef_search` instead.
 * On a big table this rebuild takes a while (about 30 s per 100k chunks on two cores).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw('DROP INDEX IF EXISTS chunks_embedding_hnsw_384');
  await knex.raw(vectorIndexSql(384));
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP INDEX IF EXISTS chunks_embedding_hnsw_384');
  await knex.raw(firstVectorIndexSql(384));
}
