import type { Knex } from 'knex';

/**
 * Files whose document row is gone wait in `file_deletions` until storage has deleted them. A trigger
 * queues them in the transaction that deletes the row, however it goes: the document alone, or by cascade
 * with its project or category. Before this, deleting a project left its files in storage for ever, and a
 * failed delete in the bucket after the commit left its file with no row to find it by.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('file_deletions', (t) => {
    t.text('storage_key').primary();
    t.timestamp('queued_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.integer('attempts').notNullable().defaultTo(0);
    t.timestamp('next_attempt_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.text('last_error');
  });
  await knex.raw('CREATE INDEX file_deletions_due ON file_deletions (next_attempt_at)');
  // `npm run storage:reconcile` looks stored files up by key.
  await knex.raw('CREATE INDEX documents_storage_key ON documents (storage_key)');
  await knex.raw(`CREATE FUNCTION queue_document_file_deletion() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      INSERT INTO file_deletions (storage_key) VALUES (OLD.storage_key) ON CONFLICT (storage_key) DO NOTHING;
      RETURN NULL;
    END $$`);
  await knex.raw(`CREATE TRIGGER documents_file_deletion AFTER DELETE ON documents
    FOR EACH ROW EXECUTE FUNCTION queue_document_file_deletion()`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP TRIGGER IF EXISTS documents_file_deletion ON documents');
  await knex.raw('DROP FUNCTION IF EXISTS queue_document_file_deletion()');
  await knex.raw('DROP INDEX IF EXISTS documents_storage_key');
  await knex.schema.dropTableIfExists('file_deletions');
}
