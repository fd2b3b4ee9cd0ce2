import type { Knex } from 'knex';
import { extensionNotPermitted, PGVECTOR } from '../requirements.js';

/** Adds created_at/updated_at, which every table carries. */
export function timestamps(t: Knex.CreateTableBuilder, knex: Knex): void {
  t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
}

export async function up(knex: Knex): Promise<void> {
  // A role that may not create extensions gets one line that says who must, not a stack trace.
  await knex.raw('CREATE EXTENSION IF NOT EXISTS vector').catch((err: unknown) => {
    throw extensionNotPermitted(PGVECTOR, err) ?? err;
  });

  await knex.schema.createTable('users', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.text('email').notNullable().unique();
    t.text('name').notNullable();
    t.text('password_hash').notNullable();
    t.text('role').notNullable().defaultTo('user');
    t.text('tier').notNullable().defaultTo('basic');
    t.boolean('disabled').notNullable().defaultTo(false);
    t.timestamp('email_verified_at', { useTz: true });
    // Bumped on password reset/change and on disable: access tokens carrying an older value stop working.
    t.integer('session_version').notNullable().defaultTo(0);
    t.timestamp('last_login_at', { useTz: true });
    timestamps(t, knex);
  });
  await knex.raw(`ALTER TABLE users ADD CONSTRAINT users_role_check CHECK (role IN ('user','admin'))`);
  await knex.raw(
    `ALTER TABLE users ADD CONSTRAINT users_tier_check CHECK (tier IN ('basic','pro','enterprise'))`,
  );
  await knex.raw(`ALTER TABLE users ADD CONSTRAINT users_email_lower CHECK (email = lower(email))`);

  await knex.schema.createTable('refresh_tokens', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('user_id').notNullable().references('users.id').onDelete('CASCADE');
    t.uuid('family_id').notNullable().index();
    t.text('token_hash').notNullable().unique();
    t.text('client').notNullable().defaultTo('web');
    t.text('user_agent');
    t.text('ip');
    t.timestamp('expires_at', { useTz: true }).notNullable();
    t.timestamp('rotated_at', { useTz: true });
    t.timestamp('revoked_at', { useTz: true });
    t.uuid('replaced_by');
    timestamps(t, knex);
    t.index(['user_id']);
  });

  for (const table of ['password_resets', 'email_verifications']) {
    await knex.schema.createTable(table, (t) => {
      t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
      t.uuid('user_id').notNullable().references('users.id').onDelete('CASCADE');
      t.text('token_hash').notNullable().unique();
      t.timestamp('expires_at', { useTz: true }).notNullable();
      t.timestamp('used_at', { useTz: true });
      timestamps(t, knex);
      t.index(['user_id']);
    });
  }

  await knex.schema.createTable('outbox', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.text('kind').notNullable();
    t.text('to').notNullable();
    t.text('subject').notNullable();
    t.text('text').notNullable();
    t.text('html');
    t.text('status').notNullable().defaultTo('pending');
    t.text('error');
    t.timestamp('sent_at', { useTz: true });
    timestamps(t, knex);
    t.index(['to', 'created_at']);
  });

  await knex.schema.createTable('activity', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('user_id').references('users.id').onDelete('SET NULL');
    t.text('action').notNullable();
    t.text('target');
    t.text('ip');
    t.text('user_agent');
    t.jsonb('metadata').notNullable().defaultTo('{}');
    t.timestamp('at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    timestamps(t, knex);
    t.index(['user_id', 'at']);
    t.index(['action', 'at']);
  });
}

export async function down(knex: Knex): Promise<void> {
  for (const table of ['activity', 'outbox', 'email_verifications', 'password_resets', 'refresh_tokens', 'users']) {
    await knex.schema.dropTableIfExists(table);
  }
}
