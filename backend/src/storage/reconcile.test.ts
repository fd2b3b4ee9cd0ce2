/**
 * Stored files that no document names (left by deletes before migration 013, or by a crash between storing
 * an upload and committing its row): found by listing storage, on local disk and in a bucket, and deleted
 * by `npm run storage:reconcile`.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startTestApp, type TestApp } from '../../test/app.js';
import { buildUser, type SignedUpUser } from '../../test/builders.js';
import { engine, testDb } from '../../test/db.js';
import { createProject, ingest, storageKeyOf } from '../../test/documents.js';
import { startFakeGcs, type FakeGcs } from '../../test/fake-gcs.js';
import { queueOrphanFiles, sweepFileDeletions } from './deletions.js';

const TWO_HOURS_AGO = new Date(Date.now() - 2 * 3_600_000);

/** Writes a file under the storage root as an earlier version of the app would have left it. */
function leaveFile(root: string, key: string, mtime: Date): void {
  const file = path.join(root, key);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, key);
  fs.utimesSync(file, mtime, mtime);
}

describe('stored files no document names, on local disk', function () {
  this.timeout(30_000);
  let app: TestApp;
  let ann: SignedUpUser;
  let liveKey: string;

  before(async () => {
    app = await startTestApp({ RUN_WORKERS_IN_PROCESS: 'true' });
    ann = await buildUser(app);
    const project = await createProject(app, ann, 'Kept');
    const doc = await ingest(app, ann, project, 'kept.txt', 'A note whose file must stay.\n');
    liveKey = await storageKeyOf(app, doc.id);
  });
  after(() => app?.close());

  it('lists them, leaves recent ones and named ones alone, and deletes them once queued', async () => {
    const root = app.deps.config.storage.filesDir;
    leaveFile(root, 'documents/deleted-project/old-1.pdf', TWO_HOURS_AGO);
    leaveFile(root, 'documents/deleted-project/old-2.txt', TWO_HOURS_AGO);
    leaveFile(root, 'documents/another/just-stored.txt', new Date()); // an upload that may still commit
    fs.utimesSync(path.join(root, liveKey), TWO_HOURS_AGO, TWO_HOURS_AGO);
    fs.mkdirSync(app.deps.storage.tempDir, { recursive: true });
    fs.writeFileSync(path.join(app.deps.storage.tempDir, 'upload-in-progress'), 'x');

    const seen: number[] = [];
    const dry = await queueOrphanFiles(app.deps, { dryRun: true, onProgress: (n) => seen.push(n) });
    assert.deepEqual(dry.orphans.sort(), ['documents/deleted-project/old-1.pdf', 'documents/deleted-project/old-2.txt']);
    assert.equal(dry.scanned, 4);
    assert.deepEqual(seen, [1, 2, 3, 4]);
    assert.deepEqual(await app.deps.knex('file_deletions').whereIn('storageKey', dry.orphans), [], 'a dry run queues nothing');

    const scan = await queueOrphanFiles(app.deps);
    assert.deepEqual(await sweepFileDeletions(app.deps, { keys: scan.orphans }), { deleted: 2, failed: 0 });
    assert.equal(fs.existsSync(path.join(root, 'documents/deleted-project')), false);
    assert.ok(fs.existsSync(path.join(root, liveKey)), 'the document\'s file stays');
    assert.ok(fs.existsSync(path.join(root, 'documents/another/just-stored.txt')));
    assert.ok(fs.existsSync(path.join(app.deps.storage.tempDir, 'upload-in-progress')), 'uploads in progress are not listed');
  });
});

describe('stored files no document names, in a bucket', function () {
  this.timeout(30_000);
  let fake: FakeGcs;
  let app: TestApp;

  before(async () => {
    fake = await startFakeGcs();
    app = await startTestApp({ GCS_BUCKET: 'reconcile', GCS_API_ENDPOINT: fake.endpoint, RUN_WORKERS_IN_PROCESS: 'true' });
  });
  after(async () => {
    await app?.close();
    await fake?.close();
  });

  it('pages through the bucket and deletes every orphan', async () => {
    const ann = await buildUser(app);
    const doc = await ingest(app, ann, await createProject(app, ann, 'Kept'), 'kept.txt', 'A note whose object must stay.\n');
    const liveKey = await storageKeyOf(app, doc.id);
    const objects = fake.objects('reconcile');
    objects.get(liveKey)!.updated = TWO_HOURS_AGO.toISOString();
    const orphans = Array.from({ length: 1100 }, (_, i) => `documents/gone/${String(i).padStart(4, '0')}.pdf`);
    for (const key of orphans) fake.put('reconcile', key, { contentType: 'application/pdf', updated: TWO_HOURS_AGO });
    fake.put('reconcile', 'backups/intellio.dump', { updated: TWO_HOURS_AGO });

    const scan = await queueOrphanFiles(app.deps);
    assert.equal(scan.scanned, 1101);
    assert.equal(scan.orphans.length, 1100);
    assert.ok(fake.requests.filter((r) => r.operation === 'list').length >= 2, 'more than one page');
    assert.deepEqual(await sweepFileDeletions(app.deps, { keys: scan.orphans }), { deleted: 1100, failed: 0 });
    assert.deepEqual([...objects.keys()].sort(), ['backups/intellio.dump', liveKey]);
  });
});

(engine === 'postgres' ? describe : describe.skip)('npm run storage:reconcile', function () {
  this.timeout(120_000);
  let app: TestApp;
  let dir: string;

  before(async () => {
    app = await startTestApp();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'intellio-reconcile-'));
  });
  after(async () => {
    await app?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('lists the orphans with --dry-run, then deletes them and keeps the files documents name', async () => {
    const ann = await buildUser(app);
    const projectId = await createProject(app, ann, 'Reconciled');
    await app.deps.knex('documents').insert({ userId: ann.id, projectId, filename: 'named.txt', mime: 'text/plain', kind: 'txt', bytes: 1, sha256: 'reconcile-named', storageKey: 'documents/reconciled/named.txt', status: 'ready' });
    leaveFile(dir, 'documents/reconciled/named.txt', TWO_HOURS_AGO);
    leaveFile(dir, 'documents/reconciled/orphan.txt', TWO_HOURS_AGO);
    const { url } = await testDb();
    const env = { ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'silent', DATA_DIR: dir, FILES_DIR: dir, DATABASE_URL: url as string, JWT_SECRET: 'x'.repeat(40), REDIS_URL: '' };
    const cli = (args: string[]) =>
      new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
        execFile(process.execPath, ['--import', 'tsx', 'src/storage/reconcile-cli.ts', ...args], { env, cwd: path.resolve(import.meta.dirname, '../..') }, (err, stdout, stderr) =>
          resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
        );
      });

    const dry = await cli(['--dry-run']);
    assert.equal(dry.code, 0, dry.stderr);
    assert.equal(dry.stdout.trim(), 'documents/reconciled/orphan.txt');
    assert.match(dry.stderr, /2 stored files, 1 named by no document/);
    assert.ok(fs.existsSync(path.join(dir, 'documents/reconciled/orphan.txt')));

    const run = await cli([]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stderr, /Deleted 1; 0 failed/);
    assert.equal(fs.existsSync(path.join(dir, 'documents/reconciled/orphan.txt')), false);
    assert.ok(fs.existsSync(path.join(dir, 'documents/reconciled/named.txt')));
  });
});
