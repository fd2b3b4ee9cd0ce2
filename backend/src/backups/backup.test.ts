/**
 * Backups on the real PostgreSQL server with Debian's pg_dump/pg_restore: dump a seeded database, restore
 * it into a new one, compare; corrupted dumps, failing storage, concurrent triggers, alerts, metrics.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFile } from 'node:child_process';
import type { Readable } from 'node:stream';
import client from 'prom-client';
import { startAlertSink, type AlertSink } from '../../test/alert-sink.js';
import { startTestApp, type TestApp } from '../../test/app.js';
import { buildUser, type SignedUpUser } from '../../test/builders.js';
import { engine, testDb } from '../../test/db.js';
import { checkDatabaseRole } from './hardening.js';
import { withDatabase } from './pg-tools.js';
import { adminQuery, countRowsAt, restoreDump } from './restore.js';
import { checkFreshness, checkStorage, runBackup, startBackup } from './service.js';
import { LocalBackupStorage, type BackupObject, type BackupStorage } from './storage.js';
import { verifyBackup } from './verify.js';

/** Storage that accepts some bytes of the upload, then fails like a dropped connection. */
class FailingStorage implements BackupStorage {
  readonly kind = 'gcs' as const;
  deleted: string[] = [];
  async upload(_key: string, body: Readable): Promise<void> {
    let seen = 0;
    for await (const chunk of body) {
      seen += (chunk as Buffer).length;
      if (seen > 0) throw new Error('upload failed: connection reset by peer');
    }
  }
  async read(): Promise<Readable> {
    throw new Error('nothing stored');
  }
  async list(): Promise<BackupObject[]> {
    return [];
  }
  async delete(key: string): Promise<void> {
    this.deleted.push(key);
  }
  location(key: string): string {
    return `gs://failing/${key}`;
  }
}

async function makeAdmin(app: TestApp): Promise<SignedUpUser> {
  const admin = await buildUser(app);
  await app.deps.knex('users').where({ id: admin.id }).update({ role: 'admin' });
  return admin;
}

async function seed(app: TestApp): Promise<void> {
  for (let i = 0; i < 3; i++) {
    const u = await buildUser(app);
    for (let j = 0; j < 2; j++) {
      const res = await app.request('POST', '/api/v1/categories', { name: `Cat ${i}.${j}` }, { token: u.accessToken });
      assert.equal(res.status, 201, res.text);
    }
  }
}

(engine === 'postgres' ? describe : describe.skip)('backups on PostgreSQL (pg_dump -Fc)', function () {
  this.timeout(120_000);
  let app: TestApp;
  let sink: AlertSink;
  let dir: string;
  let storage: LocalBackupStorage;
  let admin: SignedUpUser;

  before(async () => {
    const db = await testDb();
    sink = await startAlertSink();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'intellio-backups-'));
    app = await startTestApp({ DATABASE_URL: db.url as string, BACKUP_DIR: dir, BACKUP_VERIFY: 'false', ALERT_WEBHOOK_URL: sink.url, ALERT_DEDUPE_MINUTES: '0' });
    storage = new LocalBackupStorage(dir);
    admin = await makeAdmin(app);
    await seed(app);
  });

  after(async () => {
    await app?.close();
    await sink?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('dumps a seeded database; a restore into a new database has identical row counts and rows', async () => {
    const backup = await runBackup(app.deps, { trigger: 'cli', storage });
    assert.ok(backup);
    assert.equal(backup.status, 'succeeded', backup.error ?? '');
    assert.equal(backup.format, 'custom');
    const file = path.join(dir, backup.storageKey as string);
    const bytes = fs.readFileSync(file);
    assert.equal(bytes.subarray(0, 5).toString(), 'PGDMP');
    assert.equal(Number(backup.bytes), bytes.length);
    assert.equal(backup.checksum, `sha256:${createHash('sha256').update(bytes).digest('hex')}`);
    assert.equal(backup.location, `file://${file}`);
    assert.ok((backup.rowCounts?.['public.users'] ?? 0) >= 4);
    assert.ok((backup.rowCounts?.['public.categories'] ?? 0) >= 6);

    const db = await testDb();
    const name = `intellio_restore_${Date.now()}`;
    const server = { url: db.url as string };
    await adminQuery(server, `CREATE DATABASE ${name}`);
    try {
      const target = { url: withDatabase(db.url as string, name) };
      await restoreDump(storage, backup, target);
      assert.deepEqual(await countRowsAt(target), backup.rowCounts);
      const sample = 'SELECT id, email, role, password_hash FROM users ORDER BY id';
      const restored = await adminQuery(target, sample);
      const source = (await app.deps.knex.raw(sample)).rows;
      assert.deepEqual(restored, source);
      const cats = 'SELECT id, user_id, name, position FROM categories ORDER BY id';
      assert.deepEqual(await adminQuery(target, cats), (await app.deps.knex.raw(cats)).rows);
    } finally {
      await adminQuery(server, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    }

    // The gauges report the backup.
    const metrics = await client.register.getMetricsAsJSON();
    const value = (n: string) => metrics.find((m) => m.name === n)?.values[0]?.value ?? -1;
    assert.ok(value('intellio_backup_last_success_timestamp_seconds') > Date.now() / 1000 - 600);
    assert.ok(value('intellio_backup_bytes') > 0);
  });

  it('verifies the newest dump by a scratch restore and records verified', async () => {
    const backup = await runBackup(app.deps, { trigger: 'cli', storage, verify: true });
    assert.equal(backup?.status, 'succeeded');
    assert.equal(backup?.verified, true, backup?.verifyError ?? '');
    assert.ok(backup?.verifiedAt);
    const left = await adminQuery({ url: (await testDb()).url as string }, `SELECT datname FROM pg_database WHERE datname LIKE 'intellio_verify_%'`);
    assert.deepEqual(left, [], 'scratch databases are dropped');
  });

  it('fails verification of a corrupted dump (flipped bytes) and raises an alert', async () => {
    const backup = await runBackup(app.deps, { trigger: 'cli', storage, verify: false });
    assert.equal(backup?.status, 'succeeded');
    const file = path.join(dir, backup?.storageKey as string);
    const bytes = fs.readFileSync(file);
    for (let i = Math.floor(bytes.length / 2); i < Math.floor(bytes.length / 2) + 64; i++) bytes[i] ^= 0xff;
    fs.writeFileSync(file, bytes);
    sink.received.length = 0;

    const verified = await verifyBackup(app.deps, backup?.id as string, { storage });
    assert.equal(verified.verified, false);
    assert.match(verified.verifyError ?? '', /pg_restore|checksum/i);
    const alert = sink.received.find((a) => a.kind === 'backup_verify_failed');
    assert.ok(alert, 'webhook received the alert');
    const note = await app.deps.knex('notifications').where({ kind: 'backup_verify_failed', dedupeKey: `backup_verify_failed:${backup?.id}` }).first();
    assert.ok(note);
    const mail = await app.deps.knex('outbox').where({ to: admin.email, kind: 'alert_backup_verify_failed' }).first();
    assert.ok(mail, 'admins are emailed');
  });

  it('records a failed upload as failed, leaves no object or success row, and alerts', async () => {
    const failing = new FailingStorage();
    sink.received.length = 0;
    const backup = await runBackup(app.deps, { trigger: 'cli', storage: failing });
    assert.equal(backup?.status, 'failed');
    assert.match(backup?.error ?? '', /connection reset/);
    assert.equal(backup?.checksum, null);
    assert.equal(backup?.bytes, null);
    assert.deepEqual(failing.deleted, [backup?.storageKey], 'the partial object is removed');
    const row = await app.deps.knex('backups').where({ id: backup?.id }).first();
    assert.equal(row.status, 'failed');
    assert.ok(sink.received.some((a) => a.kind === 'backup_failed'));
    assert.ok(await app.deps.knex('outbox').where({ to: admin.email, kind: 'alert_backup_failed' }).first());
    // The next backup is not blocked by the failed one.
    assert.equal((await runBackup(app.deps, { trigger: 'cli', storage }))?.status, 'succeeded');
  });

  it('makes one backup of two concurrent triggers', async () => {
    const before = Number((await app.deps.knex('backups').count({ n: '*' }))[0].n);
    const [a, b] = await Promise.all([startBackup(app.deps, { trigger: 'cli', storage }), startBackup(app.deps, { trigger: 'api', storage })]);
    const started = [a, b].filter(Boolean);
    assert.equal(started.length, 1);
    assert.equal((await started[0]?.done)?.status, 'succeeded');
    const after = Number((await app.deps.knex('backups').count({ n: '*' }))[0].n);
    assert.equal(after, before + 1);
  });

  it('skips a scheduled slot another process already backed up', async () => {
    const slot = new Date('2031-01-01T03:00:00Z');
    const first = await runBackup(app.deps, { trigger: 'schedule', storage, scheduledFor: slot });
    assert.equal(first?.status, 'succeeded');
    assert.equal(await runBackup(app.deps, { trigger: 'schedule', storage, scheduledFor: slot }), null);
  });

  it('npm run backup and npm run restore: refuses a non-empty target without --force, restores with identical counts', async function () {
    this.timeout(300_000); // four tsx start-ups on a busy machine
    const db = await testDb();
    const env = { ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'silent', DATA_DIR: dir, DATABASE_URL: db.url as string, BACKUP_DIR: dir, JWT_SECRET: 'x'.repeat(40), REDIS_URL: '' };
    const cli = (script: string, args: string[]) =>
      new Promise<{ code: number; out: string }>((resolve) => {
        execFile(process.execPath, ['--import', 'tsx', `src/backups/${script}`, ...args], { env, cwd: path.resolve(import.meta.dirname, '../..') }, (err, stdout, stderr) =>
          resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, out: stdout + stderr }),
        );
      });
    const backup = await cli('backup-cli.ts', ['--no-verify']);
    assert.equal(backup.code, 0, backup.out);
    assert.match(backup.out, /Backup [0-9a-f-]{36} succeeded: .* → file:\/\//);

    const server = { url: db.url as string };
    const name = `intellio_cli_restore_${Date.now()}`;
    await adminQuery(server, `CREATE DATABASE ${name}`);
    const target = withDatabase(db.url as string, name);
    try {
      await adminQuery({ url: target }, 'CREATE TABLE precious (id int); INSERT INTO precious VALUES (1)');
      const refused = await cli('restore-cli.ts', ['latest', '--target', target]);
      assert.equal(refused.code, 2, refused.out);
      assert.match(refused.out, /not empty .*--force/);
      assert.deepEqual(await adminQuery({ url: target }, 'SELECT id FROM precious'), [{ id: 1 }]);

      const usage = await cli('restore-cli.ts', ['latest']);
      assert.equal(usage.code, 2);
      assert.match(usage.out, /Usage: npm run restore/);

      const forced = await cli('restore-cli.ts', ['latest', '--target', target, '--force']);
      assert.equal(forced.code, 0, forced.out);
      assert.match(forced.out, /Every table has the row count it had at dump time/);
      const users = 'SELECT id, email FROM users ORDER BY id';
      assert.deepEqual(await adminQuery({ url: target }, users), (await app.deps.knex.raw(users)).rows);
    } finally {
      await adminQuery(server, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    }
  });

  it('alerts when no backup succeeded within 26 hours, and on storage over the threshold', async () => {
    sink.received.length = 0;
    assert.equal(await checkFreshness(app.deps), false);
    assert.equal(await checkFreshness(app.deps, new Date(Date.now() + 27 * 3_600_000)), true);
    assert.ok(sink.received.some((a) => a.kind === 'backup_stale'));

    const small = await startTestApp({ DATABASE_URL: (await testDb()).url as string, BACKUP_DIR: dir, BACKUP_STORAGE_ALERT_BYTES: '1kb', ALERT_WEBHOOK_URL: sink.url });
    try {
      const usage = await checkStorage(small.deps, storage);
      // Retention keeps one backup per day, so today's runs left one object.
      assert.ok(usage.bytes > 1024 && usage.objects >= 1, JSON.stringify(usage));
      assert.ok(sink.received.some((a) => a.kind === 'backup_storage'));
      // Deduplicated: the same alert within ALERT_DEDUPE_MINUTES is counted, not re-sent.
      const n = sink.received.length;
      await checkStorage(small.deps, storage);
      assert.equal(sink.received.length, n);
      const note = await small.deps.knex('notifications').where({ kind: 'backup_storage' }).orderBy('sentAt', 'desc').first();
      assert.equal(note.suppressed, 1);
    } finally {
      await small.close();
    }
  });
});

if (engine !== 'postgres') {
  describe('backups on PostgreSQL (pg_dump -Fc)', () => {
    it('is skipped: set TEST_ENGINE=postgres and TEST_DATABASE_URL to run pg_dump/pg_restore tests', function () {
      this.skip();
    });
  });
}

(engine === 'postgres' ? describe : describe.skip)('database role check (PostgreSQL)', () => {
  it('reports a superuser role and an unencrypted session as warnings', async () => {
    const db = await testDb();
    const warnings: string[] = [];
    const log = { warn: (_o: unknown, msg: string) => warnings.push(msg) } as unknown as Parameters<typeof checkDatabaseRole>[1];
    const report = await checkDatabaseRole(db.knex, log, true);
    assert.equal(report.role, 'postgres');
    assert.equal(report.superuser, true);
    assert.equal(report.ssl, false);
    assert.equal(warnings.length, 2);
    assert.match(warnings[0], /superuser/);
  });
});
