import type { Knex } from 'knex';
import { timestamps } from './001_foundation.js';

/**
 * TOTP second factor (issue 26, M4). The secret waits in `mfa_pending_secret` between setup and the first
 * correct code, so an abandoned setup never locks anyone out. `mfa_last_step` is the last accepted TOTP time
 * step: a code is accepted only for a later step, so a code cannot be replayed within its window. Recovery
 * codes carry 120 random bits and are stored as SHA-256 (ASVS 6.5.2 allows an unsalted hash at ≥ 112 bits).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('users', (t) => {
    t.text('mfa_secret');
    t.text('mfa_pending_secret');
    t.timestamp('mfa_enabled_at', { useTz: true });
    t.bigInteger('mfa_last_step');
  });
  await knex.schema.createTable('mfa_recovery_codes', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('user_id').notNullable().references('users.id').onDelete('CASCADE');
    t.text('code_hash').notNullable();
    t.timestamp('used_at', { useTz: true });
    timestamps(t, knex);
    t.unique(['user_id', 'code_hash']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('mfa_recovery_codes');
  await knex.schema.alterTable('users', (t) => {
    t.dropColumn('mfa_secret');
    t.dropColumn('mfa_pending_secret');
    t.dropColumn('mfa_enabled_at');
    t.dropColumn('mfa_last_step');
  });
}
