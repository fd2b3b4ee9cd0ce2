import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createLogger } from '../lib/logger.js';
import { openDb } from './knex.js';
import { MIGRATED_MARKER, migrateInChildProcess, migratesApart } from './migrate-apart.js';
import { migrationSource } from './migrations/index.js';

describe('embedded database migrated in a child process (issue 26: the web process stays small)', function () {
  this.timeout(180_000);
  let dir: string;
  before(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'intellio-migrate-apart-'))));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const log = createLogger('silent');

  it('applies every migration to a PGlite data directory, which this process then opens up to date', async () => {
    const pgliteDir = path.join(dir, 'pglite');
    assert.equal(await migrateInChildProcess({ database: { ssl: false, poolMax: 1, pgliteDir } }, log), 'migrated');
    const db = await openDb({ database: { ssl: false, poolMax: 1, pgliteDir } });
    try {
      const [, pending] = (await db.knex.migrate.list({ migrationSource })) as [unknown[], unknown[]];
      assert.equal(pending.length, 0);
      assert.ok((await migrationSource.getMigrations([])).length > 25);
      const tables = await db.knex('pg_tables').where({ schemaname: 'public' }).pluck('tablename');
      for (const t of ['users', 'documents', 'chunks', 'token_accounts']) assert.ok(tables.includes(t), t);
    } finally {
      await db.close();
    }
  });

  it('skips the child on a directory already migrated, and runs it when a newer release has more', async () => {
    const pgliteDir = path.join(dir, 'pglite');
    const config = { database: { ssl: false, poolMax: 1, pgliteDir } };
    const latest = (await migrationSource.getMigrations([])).at(-1);
    const marker = path.join(pgliteDir, MIGRATED_MARKER);
    assert.equal(fs.readFileSync(marker, 'utf8').trim(), latest, 'the child marked the directory');
    assert.equal(await migrateInChildProcess(config, log), 'skipped');

    // A marker of an older release: the child runs (nothing pending, so it only checks) and marks it anew.
    fs.writeFileSync(marker, '029_document_error_code\n');
    assert.equal(await migrateInChildProcess(config, log), 'migrated');
    assert.equal(fs.readFileSync(marker, 'utf8').trim(), latest);

    // A removed data directory takes its marker with it: the next start creates and migrates a new one.
    fs.rmSync(pgliteDir, { recursive: true, force: true });
    assert.equal(await migrateInChildProcess(config, log), 'migrated');
    const db = await openDb(config);
    try {
      const [, pending] = (await db.knex.migrate.list({ migrationSource })) as [unknown[], unknown[]];
      assert.equal(pending.length, 0);
    } finally {
      await db.close();
    }
  });

  it('fails with the child\'s reason when the directory cannot hold a database', async () => {
    const file = path.join(dir, 'not-a-dir');
    fs.writeFileSync(file, 'x');
    await assert.rejects(migrateInChildProcess({ database: { ssl: false, poolMax: 1, pgliteDir: path.join(file, 'pglite') } }, log), /Migrating the embedded database failed \(exit 1\): \S/);
  });

  it('is only for PGlite on disk', () => {
    assert.equal(migratesApart({ database: { ssl: false, poolMax: 1, pgliteDir: '/var/data/pglite' } }), true);
    assert.equal(migratesApart({ database: { ssl: false, poolMax: 1, pgliteDir: 'memory://' } }), false);
    assert.equal(migratesApart({ database: { url: 'postgres://h/db', ssl: false, poolMax: 1, pgliteDir: '/var/data/pglite' } }), false);
  });
});
