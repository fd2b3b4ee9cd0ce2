import type { Knex } from 'knex';
import { isWebAssembly, vectorIndexSql } from '../../retrieval/vectors.js';
import { BUILD_010 } from './010_vector_index_recall.js';

/**
 * On PostgreSQL, rebuilds the local embedder's HNSW index over half-precision copies of the vectors (see
 * HALF_PRECISION in retrieval/vectors.ts): same graph parameters, half the bytes per element, cheaper
 * inserts. The rows keep their float32 vectors; PGlite keeps its index as it is. On a big table this takes
 * a while (about 20 s per 100k chunks on two cores).
 */
export async function up(knex: Knex): Promise<void> {
  // Decided by engine, not by today's HALF_PRECISION, so this migration stays as it shipped.
  if (await isWebAssembly(knex)) return;
  await knex.raw('DROP INDEX IF EXISTS chunks_embedding_hnsw_384');
  await knex.raw(vectorIndexSql(384, 'halfvec', BUILD_010, 'all'));
}

export async function down(knex: Knex): Promise<void> {
  if (await isWebAssembly(knex)) return;
  await knex.raw('DROP INDEX IF EXISTS chunks_embedding_hnsw_384');
  await knex.raw(vectorIndexSql(384, 'vector', BUILD_010, 'all'));
}
