import type { Knex } from 'knex';
import { isWebAssembly, vectorIndexSql, type IndexScope, type IndexedType } from '../../retrieval/vectors.js';
import { BUILD_010 } from './010_vector_index_recall.js';

/**
 * Chunks whose text repeats an earlier chunk of the same document point at it (`copy_of_ordinal`), and the
 * HNSW indexes hold only the first of each (see IndexScope in retrieval/vectors.ts). Every index of
 * `chunks_embedding_hnsw_<dim>` is rebuilt with that condition, with the type and build it had (about 20 s
 * per 100k chunks on two cores). Chunks written before keep no pointer, so they stay indexed until their
 * document is processed again.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('chunks', (t) => {
    t.integer('copy_of_ordinal');
  });
  // The copies of a chunk, found from the chunk: the search's expansion of a nearest passage.
  await knex.raw('CREATE INDEX chunks_copies ON chunks (document_id, copy_of_ordinal) WHERE copy_of_ordinal IS NOT NULL');
  await rebuild(knex, 'canonical');
}

export async function down(knex: Knex): Promise<void> {
  await rebuild(knex, 'all');
  await knex.raw('DROP INDEX IF EXISTS chunks_copies');
  await knex.schema.alterTable('chunks', (t) => {
    t.dropColumn('copy_of_ordinal');
  });
}

async function rebuild(knex: Knex, scope: IndexScope): Promise<void> {
  const { rows } = await knex.raw(`SELECT indexname FROM pg_indexes WHERE tablename = 'chunks' AND schemaname = current_schema() AND indexname ~ '^chunks_embedding_hnsw_[0-9]+$'`);
  const wasm = await isWebAssembly(knex);
  for (const { indexname } of rows as Array<{ indexname: string }>) {
    const dim = Number(indexname.slice('chunks_embedding_hnsw_'.length));
    // As 003, 010 and 011 left them: the local embedder's with measured parameters (half precision on
    // PostgreSQL), the others with pgvector's defaults, half precision only past 2000 dimensions.
    const type: IndexedType = dim > 2000 || (dim === 384 && !wasm) ? 'halfvec' : 'vector';
    await knex.raw(`DROP INDEX ${indexname}`);
    await knex.raw(vectorIndexSql(dim, type, dim === 384 ? BUILD_010 : undefined, scope));
  }
}
