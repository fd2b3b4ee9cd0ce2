import type { Knex } from 'knex';
import { timestamps } from './001_foundation.js';

/**
 * Monitoring (issue #8): `model_calls` is the per-call token trail — one row per chat completion or
 * embedding request, with the ledger entry it produced, so every debited token traces back to the call
 * that spent it. The indexes serve the per-user and per-day usage and admin statistics queries.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('model_calls', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('user_id').notNullable().references('users.id').onDelete('CASCADE');
    t.text('kind').notNullable();
    t.text('provider').notNullable();
    t.text('model').notNullable();
    t.integer('tokens_in').notNullable().defaultTo(0);
    t.integer('tokens_out').notNullable().defaultTo(0);
    // Ledger tokens the call costs at the configured price, and what the ledger actually took (less when
    // the balance could not cover it; 0 for a failed call).
    t.bigInteger('cost_tokens').notNullable().defaultTo(0);
    t.bigInteger('charged_tokens').notNullable().defaultTo(0);
    t.integer('latency_ms');
    t.uuid('analysis_id').references('analyses.id').onDelete('SET NULL');
    t.uuid('document_id').references('documents.id').onDelete('SET NULL');
    // One trail row per recorded embedding call, however often its listener runs.
    t.uuid('embedding_usage_id').unique().references('embedding_usage.id').onDelete('SET NULL');
    t.uuid('ledger_entry_id').references('token_ledger.id').onDelete('SET NULL');
    t.text('status').notNullable().defaultTo('ok');
    t.text('error');
    timestamps(t, knex);
    t.index(['user_id', 'created_at']);
    t.index(['created_at']);
    t.index(['analysis_id']);
    t.index(['ledger_entry_id']);
  });
  await knex.raw(`ALTER TABLE model_calls ADD CONSTRAINT model_calls_kind_check CHECK (kind IN ('chat','embedding'))`);
  await knex.raw(`ALTER TABLE model_calls ADD CONSTRAINT model_calls_status_check CHECK (status IN ('ok','failed'))`);
  await knex.raw('ALTER TABLE model_calls ADD CONSTRAINT model_calls_tokens_check CHECK (tokens_in >= 0 AND tokens_out >= 0 AND charged_tokens >= 0)');

  // Admin statistics scan these by time across all users; the activity purge deletes by time.
  await knex.schema.alterTable('token_ledger', (t) => t.index(['kind', 'created_at']));
  await knex.schema.alterTable('analyses', (t) => t.index(['created_at']));
  await knex.schema.alterTable('activity', (t) => t.index(['at']));
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('activity', (t) => t.dropIndex(['at']));
  await knex.schema.alterTable('analyses', (t) => t.dropIndex(['created_at']));
  await knex.schema.alterTable('token_ledger', (t) => t.dropIndex(['kind', 'created_at']));
  await knex.schema.dropTableIfExists('model_calls');
}
