import type { Knex } from 'knex';
import { migrationSource } from './migrations/index.js';

/** Brings the schema up to date; safe to call from several processes at once (knex takes a lock). */
export async function migrateLatest(knex: Knex): Promise<string[]> {
  const [, applied] = (await knex.migrate.latest({ migrationSource })) as [number, string[]];
  return applied;
}

export async function migrateRollbackAll(knex: Knex): Promise<void> {
  await knex.migrate.rollback({ migrationSource }, true);
}
