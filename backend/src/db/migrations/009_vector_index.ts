import type { Knex } from 'knex';
import { vectorIndexSql, type HnswBuild } from '../../retrieval/vectors.js';
import { firstVectorIndexSql } from './003_documents.js';

/** The build parameters this migration shipped with (010 replaced them). */
export const BUILD_009: HnswBuild = { m: 12, efConstruction: 48 };

/**
 * Rebuilds the local embedder's HNSW index (384 dimensions) with m=12, ef_construction=48: inserts get
 * cheaper and search widens `ef_search` instead.
 * On a big table this rebuild takes a while (about 30 s per 100k chunks on two cores).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw('DROP INDEX IF EXISTS chunks_embedding_hnsw_384');
  await knex.raw(vectorIndexSql(384, 'vector', BUILD_009, 'all'));
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP INDEX IF EXISTS chunks_embedding_hnsw_384');
  await knex.raw(firstVectorIndexSql(384));
}
