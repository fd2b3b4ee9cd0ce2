import type { Knex } from 'knex';
import { timestamps } from './001_foundation.js';

/**
 * Analyses, feedback, templates and the token ledger.
 *
 * Money model: `token_ledger` is the only record of balance changes (balance = sum of deltas, and every
 * row carries the balance after it, never negative). `token_accounts` holds one row per user that every
 * ledger write locks (`SELECT … FOR UPDATE`) and keeps in step, so concurrent debits queue instead of
 * racing. Reservations (`token_reservations`) are holds against the balance, not ledger rows: an
 * analysis reserves its estimate, then one ledger row settles the real usage and the hold goes away.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('token_accounts', (t) => {
    t.uuid('user_id').primary().references('users.id').onDelete('CASCADE');
    t.bigInteger('balance').notNullable().defaultTo(0);
    t.bigInteger('reserved').notNullable().defaultTo(0);
    timestamps(t, knex);
  });
  await knex.raw('ALTER TABLE token_accounts ADD CONSTRAINT token_accounts_balance_check CHECK (balance >= 0 AND reserved >= 0)');

  await knex.schema.createTable('token_ledger', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('user_id').notNullable().references('users.id').onDelete('CASCADE');
    t.bigInteger('delta').notNullable();
    t.text('kind').notNullable();
    t.text('reference');
    t.text('idempotency_key').notNullable().unique();
    t.bigInteger('balance_after').notNullable();
    t.jsonb('metadata').notNullable().defaultTo('{}');
    timestamps(t, knex);
    t.index(['user_id', 'created_at']);
  });
  await knex.raw(
    `ALTER TABLE token_ledger ADD CONSTRAINT token_ledger_kind_check CHECK (kind IN ('grant','purchase','analysis','embedding','refund','adjust'))`,
  );
  await knex.raw('ALTER TABLE token_ledger ADD CONSTRAINT token_ledger_balance_check CHECK (balance_after >= 0)');

  await knex.schema.createTable('token_reservations', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('user_id').notNullable().references('users.id').onDelete('CASCADE');
    t.bigInteger('amount').notNullable();
    t.text('reference');
    t.text('idempotency_key').notNullable().unique();
    t.text('status').notNullable().defaultTo('held');
    t.uuid('ledger_entry_id').references('token_ledger.id').onDelete('SET NULL');
    t.bigInteger('charged');
    t.timestamp('expires_at', { useTz: true }).notNullable();
    timestamps(t, knex);
    t.index(['user_id', 'status']);
  });
  await knex.raw(
    `ALTER TABLE token_reservations ADD CONSTRAINT token_reservations_status_check CHECK (status IN ('held','settled','released'))`,
  );
  await knex.raw('ALTER TABLE token_reservations ADD CONSTRAINT token_reservations_amount_check CHECK (amount > 0)');

  await knex.schema.createTable('templates', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('owner_id').notNullable().references('users.id').onDelete('CASCADE');
    t.text('name').notNullable();
    t.text('description');
    t.text('prompt').notNullable();
    t.text('visibility').notNullable().defaultTo('private');
    timestamps(t, knex);
    t.index(['owner_id']);
    t.index(['visibility']);
  });
  await knex.raw(
    `ALTER TABLE templates ADD CONSTRAINT templates_visibility_check CHECK (visibility IN ('private','shared','public'))`,
  );
  // Shares are by (lower-cased) email: inviting someone who has not signed up yet works, and sharing never
  // reveals whether an address has an account.
  await knex.schema.createTable('template_shares', (t) => {
    t.uuid('template_id').notNullable().references('templates.id').onDelete('CASCADE');
    t.text('email').notNullable();
    timestamps(t, knex);
    t.primary(['template_id', 'email']);
    t.index(['email']);
  });

  await knex.schema.createTable('analyses', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('user_id').notNullable().references('users.id').onDelete('CASCADE');
    t.uuid('project_id').notNullable().references('projects.id').onDelete('CASCADE');
    t.text('source').notNullable();
    t.jsonb('selection').notNullable();
    t.integer('cell_count').notNullable();
    t.text('prompt').notNullable();
    t.text('refined_prompt').notNullable();
    t.uuid('template_id').references('templates.id').onDelete('SET NULL');
    t.text('intent').notNullable();
    t.jsonb('document_ids');
    t.text('status').notNullable();
    t.text('answer');
    // Persisted as given to the model and as mapped after it answered: never re-derived from text.
    t.jsonb('passages').notNullable().defaultTo('[]');
    t.jsonb('citations').notNullable().defaultTo('[]');
    t.jsonb('dropped_citations').notNullable().defaultTo('[]');
    t.text('engine').notNullable();
    t.text('model').notNullable();
    t.integer('tokens_in');
    t.integer('tokens_out');
    t.bigInteger('tokens_charged');
    t.bigInteger('tokens_reserved').notNullable();
    t.uuid('reservation_id').references('token_reservations.id').onDelete('SET NULL');
    t.uuid('job_id');
    t.integer('latency_ms');
    t.integer('model_ms');
    t.text('cache_key').notNullable();
    // A repeat of an earlier identical analysis (same cells, prompt, document versions): not billed again.
    t.uuid('cached_from').references('analyses.id').onDelete('SET NULL');
    t.text('error_code');
    t.text('error');
    t.timestamp('started_at', { useTz: true });
    t.timestamp('completed_at', { useTz: true });
    timestamps(t, knex);
    t.index(['user_id', 'project_id', 'created_at']);
    t.index(['user_id', 'cache_key']);
  });
  await knex.raw(`ALTER TABLE analyses ADD CONSTRAINT analyses_source_check CHECK (source IN ('web','excel','sheets'))`);
  await knex.raw(
    `ALTER TABLE analyses ADD CONSTRAINT analyses_status_check CHECK (status IN ('queued','running','succeeded','failed','cancelled'))`,
  );

  await knex.schema.createTable('analysis_feedback', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('analysis_id').notNullable().unique().references('analyses.id').onDelete('CASCADE');
    t.uuid('user_id').notNullable().references('users.id').onDelete('CASCADE');
    t.text('rating').notNullable();
    t.text('comment');
    t.text('corrected_answer');
    // Copied from the analysis so the aggregate survives a deleted template and needs no join.
    t.text('intent').notNullable();
    t.uuid('template_id');
    timestamps(t, knex);
    t.index(['intent']);
    t.index(['template_id']);
  });
  await knex.raw(`ALTER TABLE analysis_feedback ADD CONSTRAINT analysis_feedback_rating_check CHECK (rating IN ('up','down'))`);
}

export async function down(knex: Knex): Promise<void> {
  for (const table of ['analysis_feedback', 'analyses', 'template_shares', 'templates', 'token_reservations', 'token_ledger', 'token_accounts']) {
    await knex.schema.dropTableIfExists(table);
  }
}
