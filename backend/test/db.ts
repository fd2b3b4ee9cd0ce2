/**
 * One database per test run, shared by every suite in it: embedded PGlite in memory (TEST_ENGINE=pglite),
 * or a fresh database created on the PostgreSQL server behind TEST_DATABASE_URL and dropped at the end.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDb, type DbHandle } from '../src/db/knex.js';
import { migrateLatest } from '../src/db/migrate.js';

export const engine: 'pglite' | 'postgres' = process.env.TEST_ENGINE === 'postgres' && process.env.TEST_DATABASE_URL ? 'postgres' : 'pglite';
export const redisUrl: string | undefined = engine === 'postgres' ? process.env.TEST_REDIS_URL : undefined;

let handle: Promise<TestDb> | null = null;

export interface TestDb extends DbHandle {
  /** The connection URL of the fresh database (PostgreSQL only). */
  url?: string;
}

/** One statement on its own connection, as the server's admin (TEST_DATABASE_URL unless another URL is given). */
export async function adminQuery<R extends pg.QueryResultRow = pg.QueryResultRow>(sql: string, url = process.env.TEST_DATABASE_URL): Promise<R[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<R>(sql)).rows;
  } finally {
    await client.end();
  }
}

const STALE_AFTER_MS = 2 * 60 * 60 * 1000;

/** Drops test databases left by runs that were killed (a run takes minutes; these are hours old). */
async function dropStaleDatabases(): Promise<void> {
  const rows = await adminQuery<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE 'intellio\\_test\\_%'`);
  for (const { datname } of rows) {
    const created = Number(/^intellio_test_(\d+)_[0-9a-f]+$/.exec(datname)?.[1]);
    if (created && Date.now() - created > STALE_AFTER_MS) await adminQuery(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`);
  }
}

async function open(): Promise<TestDb> {
  if (engine === 'pglite') {
    const db = await openDb({ database: { pgliteDir: 'memory://', ssl: false, poolMax: 1 } });
    await migrateLatest(db.knex);
    return db;
  }
  await dropStaleDatabases();
  const name = `intellio_test_${Date.now()}_${randomBytes(3).toString('hex')}`;
  await adminQuery(`CREATE DATABASE ${name}`);
  const url = new URL(process.env.TEST_DATABASE_URL as string);
  url.pathname = `/${name}`;
  const db = await openDb({ database: { url: url.toString(), ssl: false, poolMax: 20, pgliteDir: '' } });
  await migrateLatest(db.knex);
  return {
    ...db,
    url: url.toString(),
    async close() {
      await db.close();
      await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}

/** The run's shared database, migrated. */
export function testDb(): Promise<TestDb> {
  handle ??= open();
  return handle;
}

export async function closeTestDb(): Promise<void> {
  if (!handle) return;
  const db = await handle;
  handle = null;
  await db.close();
}
