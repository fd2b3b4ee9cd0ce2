import type { Knex } from 'knex';
import { isWebAssembly, vectorIndexSql, type HnswBuild } from '../../retrieval/vectors.js';
import { BUILD_010 } from './010_vector_index_recall.js';

/** What this migration shipped: m=12, ef_construction=200 over half-precision copies, first copies only. */
export const BUILD_031: HnswBuild = { m: 12, efConstruction: 200 };

/**
 * On PostgreSQL, rebuilds the local embedder's HNSW index with ef_construction 200 (see HNSW_BUILD in
 * retrieval/vectors.ts): with 64, the graph found 0.96–0.97 of the exact 10 nearest at 100k chunks however
 * wide the search; with 200, 0.988–0.995 at ef_search 500 and 0.994 at 632 over two builds. Same type
 * (halfvec) and scope (first copies only, 012). PGlite keeps its index as it is: each graph insert would
 * cost about three times as much there too, in WebAssembly on the ingest path, and PGlite is not measured
 * past 20k chunks, where efSearchFor searches 283 wide. The statement may build the graph in memory (512 MB
 * at most; ~90 MB at 100k chunks, over the default 64 MB): pgvector builds much faster when the graph fits.
 * 71 CPU-seconds per 100k chunks, built serially (1.5–4.5 minutes on a loaded two-core machine).
 */
export async function up(knex: Knex): Promise<void> {
  if (await isWebAssembly(knex)) return;
  await rebuild(knex, BUILD_031);
}

export async function down(knex: Knex): Promise<void> {
  if (await isWebAssembly(knex)) return;
  await rebuild(knex, BUILD_010);
}

async function rebuild(knex: Knex, build: HnswBuild): Promise<void> {
  // SET LOCAL: only for this migration's transaction.
  await knex.raw(`SET LOCAL maintenance_work_mem = '512MB'`);
  await knex.raw('DROP INDEX IF EXISTS chunks_embedding_hnsw_384');
  await knex.raw(vectorIndexSql(384, 'halfvec', build, 'canonical'));
}
