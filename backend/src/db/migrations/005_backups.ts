import type { Knex } from 'knex';
import { timestamps } from './001_foundation.js';

/**
 * Backups (issue #9): one row per backup run, storage-usage samples for the admin chart, and the
 * `notifications` record that alerts use to avoid re-sending the same alert within its dedupe window.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('backups', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.text('status').notNullable().defaultTo('running');
    t.text('trigger').notNullable();
    t.text('engine').notNullable();
    t.text('format').notNullable();
    // The cron slot a scheduled run belongs to: unique, so several workers firing the same slot make one backup.
    t.timestamp('scheduled_for', { useTz: true }).unique();
    t.uuid('requested_by').references('users.id').onDelete('SET NULL');
    t.timestamp('started_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('finished_at', { useTz: true });
    t.bigInteger('bytes');
    t.text('storage_kind');
    t.text('storage_key');
    t.text('location');
    t.text('checksum');
    t.jsonb('row_counts');
    t.boolean('verified');
    t.timestamp('verified_at', { useTz: true });
    t.text('verify_error');
    t.text('error');
    t.timestamp('deleted_at', { useTz: true });
    timestamps(t, knex);
    t.index(['status', 'started_at']);
  });
  await knex.raw(
    `ALTER TABLE backups ADD CONSTRAINT backups_status_check CHECK (status IN ('running','succeeded','failed'))`,
  );
  // A second guard behind the lock: at most one running backup can ever be recorded.
  await knex.raw(`CREATE UNIQUE INDEX backups_one_running ON backups (status) WHERE status = 'running'`);

  await knex.schema.createTable('backup_storage_samples', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.timestamp('at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.bigInteger('bytes').notNullable();
    t.integer('objects').notNullable();
    timestamps(t, knex);
    t.index(['at']);
  });

  await knex.schema.createTable('notifications', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.text('kind').notNullable();
    t.text('dedupe_key').notNullable();
    t.text('severity').notNullable();
    t.text('subject').notNullable();
    t.text('text').notNullable();
    t.jsonb('details').notNullable().defaultTo('{}');
    // null = every admin; otherwise the one user the notification is for (e.g. low balance).
    t.uuid('user_id').references('users.id').onDelete('CASCADE');
    t.jsonb('channels').notNullable().defaultTo('{}');
    t.timestamp('sent_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.integer('suppressed').notNullable().defaultTo(0);
    t.timestamp('last_suppressed_at', { useTz: true });
    timestamps(t, knex);
    t.index(['dedupe_key', 'sent_at']);
    t.index(['kind', 'sent_at']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('notifications');
  await knex.schema.dropTableIfExists('backup_storage_samples');
  await knex.schema.dropTableIfExists('backups');
}
