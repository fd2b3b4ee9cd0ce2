import type { Knex } from 'knex';
import { timestamps } from './001_foundation.js';

/**
 * Documents, their chunks (text + tsvector + embedding), background jobs and embedding usage.
 *
 * `chunks.embedding` is an untyped `vector`, so one column holds any model's vectors; each dimension gets
 * its own partial HNSW index on the expression `embedding::vector(N)` (`WHERE embedding_dim = N`). The two
 * usual dimensions are indexed here; `ensureVectorIndex()` adds one on first use of any other. The same
 * statements run on PostgreSQL + pgvector and on PGlite.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('documents', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('user_id').notNullable().references('users.id').onDelete('CASCADE');
    t.uuid('project_id').notNullable().references('projects.id').onDelete('CASCADE');
    t.text('filename').notNullable();
    t.text('mime').notNullable();
    t.text('kind').notNullable();
    t.bigInteger('bytes').notNullable();
    t.text('sha256').notNullable();
    t.text('storage_key').notNullable();
    t.integer('pages');
    t.text('location_kind');
    t.text('status').notNullable().defaultTo('queued');
    t.integer('progress').notNullable().defaultTo(0);
    t.text('error');
    t.integer('chunk_count').notNullable().defaultTo(0);
    t.text('embedding_model');
    t.integer('embedding_dim');
    t.uuid('job_id');
    t.timestamp('processed_at', { useTz: true });
    timestamps(t, knex);
    t.unique(['project_id', 'sha256'], { indexName: 'documents_project_sha256_unique' });
    t.index(['project_id', 'created_at']);
    t.index(['user_id']);
  });
  await knex.raw(
    `ALTER TABLE documents ADD CONSTRAINT documents_status_check CHECK (status IN ('queued','processing','ready','failed'))`,
  );
  await knex.raw(`ALTER TABLE documents ADD CONSTRAINT documents_progress_check CHECK (progress BETWEEN 0 AND 100)`);

  await knex.schema.createTable('chunks', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('document_id').notNullable().references('documents.id').onDelete('CASCADE');
    t.uuid('project_id').notNullable();
    t.integer('ordinal').notNullable();
    t.integer('page');
    t.text('location').notNullable();
    t.integer('char_start').notNullable();
    t.integer('char_end').notNullable();
    t.integer('token_count').notNullable();
    t.text('text').notNullable();
    t.specificType('tsv', `tsvector GENERATED ALWAYS AS (to_tsvector('english', text)) STORED`);
    t.specificType('embedding', 'vector');
    t.text('embedding_model');
    t.integer('embedding_dim');
    timestamps(t, knex);
    t.unique(['document_id', 'ordinal']);
    t.index(['project_id']);
  });
  await knex.raw('CREATE INDEX chunks_tsv_gin ON chunks USING gin (tsv)');
  for (const dim of [384, 1536]) await knex.raw(firstVectorIndexSql(dim));

  await knex.schema.createTable('jobs', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('user_id').notNullable().references('users.id').onDelete('CASCADE');
    t.uuid('document_id').references('documents.id').onDelete('CASCADE');
    t.text('kind').notNullable();
    t.text('status').notNullable().defaultTo('queued');
    t.integer('progress').notNullable().defaultTo(0);
    t.integer('attempts').notNullable().defaultTo(0);
    t.integer('max_attempts').notNullable().defaultTo(1);
    t.text('error');
    t.jsonb('payload').notNullable().defaultTo('{}');
    t.timestamp('started_at', { useTz: true });
    t.timestamp('finished_at', { useTz: true });
    timestamps(t, knex);
    t.index(['document_id']);
    t.index(['status']);
  });
  await knex.raw(
    `ALTER TABLE jobs ADD CONSTRAINT jobs_status_check CHECK (status IN ('queued','running','succeeded','failed','cancelled'))`,
  );

  // One row per embedding API call: the token ledger debits from here (see llm/usage.ts).
  await knex.schema.createTable('embedding_usage', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('user_id').notNullable().references('users.id').onDelete('CASCADE');
    t.uuid('project_id');
    t.uuid('document_id').references('documents.id').onDelete('SET NULL');
    t.text('purpose').notNullable();
    t.text('provider').notNullable();
    t.text('model').notNullable();
    t.integer('inputs').notNullable();
    t.integer('tokens').notNullable();
    timestamps(t, knex);
    t.index(['user_id', 'created_at']);
  });
}

/**
 * The partial HNSW (cosine) index as this migration first created it (pgvector's default build parameters);
 * frozen here. The current definition is `vectorIndexSql` in retrieval/vectors.ts (see 009).
 */
export function firstVectorIndexSql(dim: number): string {
  const [type, ops] = dim <= 2000 ? ['vector', 'vector_cosine_ops'] : ['halfvec', 'halfvec_cosine_ops'];
  return `CREATE INDEX IF NOT EXISTS chunks_embedding_hnsw_${dim} ON chunks USING hnsw ((embedding::${type}(${dim})) ${ops}) WHERE embedding_dim = ${dim}`;
}

export async function down(knex: Knex): Promise<void> {
  for (const table of ['embedding_usage', 'jobs', 'chunks', 'documents']) await knex.schema.dropTableIfExists(table);
}
