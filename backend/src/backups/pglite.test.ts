/**
 * The embedded-database path: PGlite's own pg_dump (WASM) → gzipped SQL streamed to storage with a SHA-256,
 * verified by loading it into a fresh PGlite. Runs on every engine (it opens its own PGlite when the run
 * uses PostgreSQL).
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { loadConfig } from '../config.js';
import { createDeps, type DepsHandle } from '../boot.js';
import { openDb, type DbHandle } from '../db/knex.js';
import { migrateLatest } from '../db/migrate.js';
import { engine, testDb } from '../../test/db.js';
import { withDatabase } from './pg-tools.js';
import { adminQuery, countRowsAt, restoreDump } from './restore.js';
import { diffRowCounts } from './row-counts.js';
import { startBackup } from './service.js';
import { LocalBackupStorage } from './storage.js';

describe('backups of the embedded PGlite database', function () {
  this.timeout(180_000);
  let own: DbHandle | null = null;
  let deps: DepsHandle;
  let dir: string;

  before(async () => {
    let db: DbHandle;
    if (engine === 'pglite') db = await testDb();
    else {
      own = await openDb({ database: { pgliteDir: 'memory://', ssl: false, poolMax: 1 } });
      await migrateLatest(own.knex);
      db = own;
    }
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'intellio-pglite-backups-'));
    const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DATA_DIR: dir, JWT_SECRET: 'x'.repeat(40) });
    deps = await createDeps(config, { db, migrate: false });
    await deps.knex('users').insert({ email: `pglite.${Date.now()}@example.test`, name: 'Embedded', passwordHash: 'not-a-hash' });
  });

  after(async () => {
    await deps?.close();
    await own?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('dumps with pglite-tools, gzips, checksums, and verifies by a restore into a fresh PGlite', async () => {
    const storage = new LocalBackupStorage(path.join(dir, 'backups'));
    const [a, b] = await Promise.all([startBackup(deps, { trigger: 'cli', storage, verify: true }), startBackup(deps, { trigger: 'cli', storage, verify: true })]);
    const started = [a, b].filter(Boolean);
    assert.equal(started.length, 1, 'the in-process lock lets one of two concurrent triggers run');
    const backup = await started[0]?.done;
    assert.equal(backup?.status, 'succeeded', backup?.error ?? '');
    assert.equal(backup?.engine, 'pglite');
    assert.equal(backup?.format, 'plain.gz');
    assert.match(backup?.storageKey ?? '', /\.sql\.gz$/);
    const raw = fs.readFileSync(path.join(dir, 'backups', backup?.storageKey as string));
    assert.equal(backup?.checksum, `sha256:${createHash('sha256').update(raw).digest('hex')}`);
    assert.equal(Number(backup?.bytes), raw.length);
    const sql = gunzipSync(raw).toString('utf8');
    assert.match(sql, /PostgreSQL database dump/);
    assert.match(sql, /CREATE TABLE public\.users/);
    assert.match(sql, /INSERT INTO public\.users/);
    assert.ok((backup?.rowCounts?.['public.users'] ?? 0) >= 1);
    assert.equal(backup?.verified, true, backup?.verifyError ?? '');

    // The server move: the embedded database's backup restores into PostgreSQL 15 with the same counts.
    if (engine !== 'postgres' || !backup) return;
    const server = { url: process.env.TEST_DATABASE_URL as string };
    const name = `intellio_move_${Date.now()}`;
    await adminQuery(server, `CREATE DATABASE ${name}`);
    try {
      const target = { url: withDatabase(server.url, name) };
      await restoreDump(storage, backup, target);
      assert.deepEqual(diffRowCounts(backup.rowCounts ?? {}, await countRowsAt(target)), []);
      const users = await adminQuery(target, 'SELECT email FROM users ORDER BY email');
      assert.deepEqual(users, await deps.knex('users').orderBy('email').select('email'));
    } finally {
      await adminQuery(server, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    }
  });
});
