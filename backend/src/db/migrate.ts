import type { Knex } from 'knex';
import pg from 'pg';
import { migrationSource } from './migrations/index.js';

/**
 * One key for "the schema is being migrated", the same in every Intellio process. knex's own lock lives in
 * a table that knex first has to create, so two processes starting on an empty database both create it and
 * one dies (duplicate key on pg_type); a PostgreSQL advisory lock exists before any table does.
 */
const MIGRATION_LOCK_KEY = 730_525_031;

/** The pool's connection settings, for a connection of the lock's own outside the pool. */
function lockConnection(knex: Knex): pg.ClientConfig | null {
  const { client, connection } = knex.client.config as { client?: unknown; connection?: unknown };
  if (client !== 'pg' || !connection || typeof connection !== 'object') return null;
  return connection as pg.ClientConfig;
}

/**
 * Brings the schema up to date. Any number of processes may call it at once on PostgreSQL: one migrates
 * while the others wait on the advisory lock, then find nothing left to do. The lock is held on a
 * connection of its own, so a pool of any size can still run the migrations. PGlite is one connection in
 * one process, so it needs no lock.
 */
export async function migrateLatest(knex: Knex): Promise<string[]> {
  const settings = lockConnection(knex);
  if (!settings) return latest(knex);
  const lock = new pg.Client(settings);
  await lock.connect();
  try {
    await lock.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    return await latest(knex);
  } finally {
    // Ending the session releases the lock even if the unlock itself fails.
    await lock.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
    await lock.end();
  }
}

async function latest(knex: Knex): Promise<string[]> {
  const [, applied] = (await knex.migrate.latest({ migrationSource })) as [number, string[]];
  return applied;
}

/** Names of the migrations this code has that the database has not applied yet. */
export async function pendingMigrations(knex: Knex): Promise<string[]> {
  const [, pending] = (await knex.migrate.list({ migrationSource })) as [unknown[], Array<{ file?: string; name?: string } | string>];
  return pending.map((m) => (typeof m === 'string' ? m : (m.name ?? m.file ?? String(m))));
}

export async function migrateRollbackAll(knex: Knex): Promise<void> {
  await knex.migrate.rollback({ migrationSource }, true);
}
