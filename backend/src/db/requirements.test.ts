import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { adminQuery } from '../../test/db.js';
import { openDb } from './knex.js';
import { checkExtension, DatabaseRequirementError, PGVECTOR } from './requirements.js';

const adminUrl = process.env.TEST_DATABASE_URL;
const backendDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

const admin = (url: string, sql: string) => adminQuery(sql, url);

/** Runs `npm start`'s entry point and collects what an operator would see. */
function startServer(env: Record<string, string>): Promise<{ code: number | null; stderr: string; stdout: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], { cwd: backendDir, env: { PATH: process.env.PATH ?? '', ...env } });
    let stderr = '';
    let stdout = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr, stdout });
    });
  });
}

/**
 * PostgreSQL without pgvector. The test server has pgvector installed and it cannot be removed, so the two
 * ways a real deployment lacks it are reproduced honestly: a database whose user may not enable it (the
 * real server answers 42501), and an extension the real catalogue does not list.
 */
describe('database requirements: pgvector', function () {
  this.timeout(120_000);
  const suffix = randomBytes(4).toString('hex');
  const dbName = `intellio_nopgv_${suffix}`;
  const role = `intellio_nopgv_${suffix}`;
  let url: URL;

  before(async function () {
    if (!adminUrl) this.skip(); // needs a real PostgreSQL server (TEST_DATABASE_URL)
    // The usual managed set-up: the application's user owns its database but is not a superuser, and
    // pgvector is not a trusted extension, so only a superuser may enable it.
    await admin(adminUrl, `CREATE ROLE ${role} LOGIN`);
    await admin(adminUrl, `CREATE DATABASE ${dbName} OWNER ${role}`);
    url = new URL(adminUrl);
    url.username = role;
    url.pathname = `/${dbName}`;
  });
  after(async () => {
    if (!adminUrl) return;
    await admin(adminUrl, `DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    await admin(adminUrl, `DROP ROLE IF EXISTS ${role}`);
  });

  it('start-up against a database without pgvector, as a user who may not enable it: one line, exit 1', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'intellio-nopgv-'));
    const { code, stderr, stdout } = await startServer({ NODE_ENV: 'development', LOG_LEVEL: 'silent', DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', DATABASE_URL: url.toString() });
    assert.equal(code, 1, `stderr: ${stderr}\nstdout: ${stdout}`);
    const lines = stderr.trim().split('\n');
    assert.equal(lines.length, 1, `one line, no stack trace:\n${stderr}`);
    assert.match(lines[0], /PostgreSQL extension "vector"/);
    assert.match(lines[0], /CREATE EXTENSION vector;/);
    assert.match(lines[0], /superuser/);
    assert.doesNotMatch(stderr, /\n\s+at /);
    // Nothing was half-created: the first migration's transaction rolled back.
    const client = new pg.Client({ connectionString: url.toString() });
    await client.connect();
    try {
      const { rows } = await client.query(`SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = 'public' AND tablename = 'users'`);
      assert.equal(rows[0].n, 0);
    } finally {
      await client.end();
    }
  });

  it('names the requirement and how to install it when the server does not have the extension', async () => {
    const db = await openDb({ database: { url: url.toString(), ssl: false, poolMax: 1, pgliteDir: '' } });
    try {
      // The real catalogue of this server, asked for an extension it does not list.
      const missing = { ...PGVECTOR, name: `vector_absent_${suffix}` };
      await assert.rejects(checkExtension(db.knex, missing), (err: Error) => {
        assert.ok(err instanceof DatabaseRequirementError);
        assert.match(err.message, new RegExp(`extension "${missing.name}" ≥ 0\\.7\\.0, and this PostgreSQL server does not have it: install pgvector`));
        assert.doesNotMatch(err.message, /\n/);
        return true;
      });
      // The real pgvector here, held to a version it is not.
      await assert.rejects(checkExtension(db.knex, { ...PGVECTOR, minVersion: '99.0.0' }), /server only has 0\.\d+\.\d+: install pgvector/);
      // Available in the right version, not yet enabled: fine, the first migration enables it.
      await checkExtension(db.knex, PGVECTOR);
    } finally {
      await db.close();
    }
  });

  it('opening a database whose pgvector is enabled but too old names the upgrade', async () => {
    const db = await openDb({ database: { url: adminUrl as string, ssl: false, poolMax: 1, pgliteDir: '' } });
    try {
      await db.knex.raw('CREATE EXTENSION IF NOT EXISTS vector');
      await assert.rejects(checkExtension(db.knex, { ...PGVECTOR, minVersion: '99.0.0' }), /has 0\.\d+\.\d+: upgrade it on the server, then run `ALTER EXTENSION vector UPDATE;`/);
      await checkExtension(db.knex, PGVECTOR);
    } finally {
      await db.close();
    }
  });
});
