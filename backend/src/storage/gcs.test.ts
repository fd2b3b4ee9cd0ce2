/**
 * Uploaded files in Google Cloud Storage: the real `@google-cloud/storage` client against a GCS JSON API
 * server on loopback (test/fake-gcs.ts), first through the FileStorage interface, then through the API
 * with GCS_BUCKET set: upload, processing, downloads, deletion by every path, and a bucket that fails.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startTestApp, type TestApp } from '../../test/app.js';
import { buildUser, type SignedUpUser } from '../../test/builders.js';
import { createProject, ingest, makePdf, storageKeyOf, upload } from '../../test/documents.js';
import { startFakeGcs, type FakeGcs } from '../../test/fake-gcs.js';
import { AppError } from '../http/errors.js';
import { startFileSweeper, sweepFileDeletions } from './deletions.js';
import { GcsStorage } from './gcs.js';

const BUCKET = 'intellio-files';

async function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

describe('GCS file storage', function () {
  this.timeout(30_000);
  let fake: FakeGcs;
  let dir: string;
  let storage: GcsStorage;

  before(async () => {
    fake = await startFakeGcs();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'intellio-gcs-'));
    storage = new GcsStorage({ bucket: BUCKET, apiEndpoint: fake.endpoint, tempDir: path.join(dir, 'tmp'), maxRetries: 1 });
  });
  after(async () => {
    await fake.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const tempFile = (bytes: Buffer) => {
    const file = path.join(dir, `upload-${Math.random().toString(36).slice(2)}`);
    fs.writeFileSync(file, bytes);
    return file;
  };
  const bytes = Buffer.from(Array.from({ length: 70_000 }, (_, i) => (i * 31) % 256));

  it('uploads a finished file with its type, CRC32C-checked, and removes the local copy', async () => {
    const temp = tempFile(bytes);
    await storage.putFile('documents/p1/a.pdf', temp, 'application/pdf');
    const stored = fake.objects(BUCKET).get('documents/p1/a.pdf');
    assert.ok(stored && stored.data.equals(bytes));
    assert.equal(stored.contentType, 'application/pdf');
    assert.equal(fs.existsSync(temp), false);
    assert.equal(await storage.exists('documents/p1/a.pdf'), true);
    assert.equal(await storage.exists('documents/p1/none.pdf'), false);
  });

  it('reads a whole object, a byte range, and a local copy for the extraction tools', async () => {
    assert.ok((await readAll(await storage.read('documents/p1/a.pdf'))).equals(bytes));
    assert.ok((await readAll(await storage.read('documents/p1/a.pdf', { start: 100, end: 1099 }))).equals(bytes.subarray(100, 1100)));
    assert.equal(fake.requests.at(-1)?.range, 'bytes=100-1099');
    const copy = await storage.localCopy('documents/p1/a.pdf');
    assert.ok(fs.readFileSync(copy.path).equals(bytes));
    await copy.release();
    assert.equal(fs.existsSync(copy.path), false);
  });

  it('reports a missing object as ENOENT, as local disk does, and leaves no temporary directory', async () => {
    await assert.rejects(storage.read('documents/p1/none.pdf'), { code: 'ENOENT' });
    const before = fs.readdirSync(path.join(dir, 'tmp')).length;
    await assert.rejects(storage.localCopy('documents/p1/none.pdf'), { code: 'ENOENT' });
    assert.equal(fs.readdirSync(path.join(dir, 'tmp')).length, before);
  });

  it('retries a failed request, then answers 503 storage_unavailable and cleans up', async () => {
    fake.fail('upload', 1);
    await storage.putFile('documents/p1/b.pdf', tempFile(bytes), 'application/pdf');
    assert.equal(fake.requests.filter((r) => r.operation === 'upload' && r.name === 'documents/p1/b.pdf').length, 2, 'sent again after the 503');
    assert.ok(fake.objects(BUCKET).has('documents/p1/b.pdf'));

    fake.fail('upload', 2);
    const temp = tempFile(bytes);
    await assert.rejects(storage.putFile('documents/p1/c.pdf', temp, 'application/pdf'), (err: unknown) => {
      assert.ok(err instanceof AppError, String(err));
      assert.equal(err.status, 503);
      assert.equal(err.code, 'storage_unavailable');
      return true;
    });
    assert.equal(fs.existsSync(temp), false);
    assert.equal(fake.objects(BUCKET).has('documents/p1/c.pdf'), false);
    fake.fail('metadata', 2, 500);
    await assert.rejects(storage.exists('documents/p1/a.pdf'), { code: 'storage_unavailable' });
  });

  it('deletes, and deleting a missing object is not an error', async () => {
    await storage.delete('documents/p1/a.pdf');
    assert.equal(fake.objects(BUCKET).has('documents/p1/a.pdf'), false);
    await storage.delete('documents/p1/a.pdf');
    await assert.rejects(storage.delete('../escape'), /unsafe storage key/);
  });
});

describe('documents on GCS, through the API', function () {
  this.timeout(60_000);
  let fake: FakeGcs;
  let app: TestApp;
  let ann: SignedUpUser;

  before(async () => {
    fake = await startFakeGcs();
    app = await startTestApp({ GCS_BUCKET: BUCKET, GCS_API_ENDPOINT: fake.endpoint, GCS_RETRIES: '0', RUN_WORKERS_IN_PROCESS: 'true' });
    ann = await buildUser(app);
  });
  after(async () => {
    await app?.close();
    await fake?.close();
  });

  const objects = () => [...fake.objects(BUCKET).keys()];
  const keyOf = (id: string) => storageKeyOf(app, id);
  const pdf = (marker: string) => makePdf([[`The ${marker} survey counted the albatross colony.`], [`Page two of the ${marker} report.`]]);

  it('stores an upload in the bucket, processes it from there and serves it back', async () => {
    const project = await createProject(app, ann, 'Bucket');
    const bytes = await pdf('petrel');
    const doc = await ingest(app, ann, project, 'petrel.pdf', bytes);
    assert.equal(doc.status, 'ready', doc.error);
    assert.equal(doc.pages, 2);
    const key = await keyOf(doc.id);
    assert.ok(fake.objects(BUCKET).get(key)?.data.equals(bytes), 'the original bytes are in the bucket');
    assert.ok(fake.requests.some((r) => r.operation === 'download' && r.name === key), 'the job read it from the bucket');
    const res = await fetch(`${app.url}/api/v1/documents/${doc.id}/download`, { headers: { authorization: `Bearer ${ann.accessToken}` } });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'application/pdf');
    assert.ok(Buffer.from(await res.arrayBuffer()).equals(bytes));
    const link = await app.request('GET', `/api/v1/documents/${doc.id}/link?page=2`, undefined, { token: ann.accessToken });
    const signed = await fetch(link.body.data.url);
    assert.equal(signed.status, 200);
    assert.ok(Buffer.from(await signed.arrayBuffer()).equals(bytes));
    const part = await fetch(link.body.data.url, { headers: { Range: 'bytes=10-209' } });
    assert.equal(part.status, 206);
    assert.ok(Buffer.from(await part.arrayBuffer()).equals(bytes.subarray(10, 210)), 'a range read from the bucket');
    assert.equal(fake.requests.at(-1)?.range, 'bytes=10-209');
  });

  it('answers 404 for a document whose object is gone from the bucket', async () => {
    const project = await createProject(app, ann, 'Vanished');
    const doc = await ingest(app, ann, project, 'gone.txt', 'A note that will vanish from the bucket.\n');
    fake.objects(BUCKET).delete(await keyOf(doc.id));
    const res = await app.request('GET', `/api/v1/documents/${doc.id}/download`, undefined, { token: ann.accessToken });
    assert.equal(res.status, 404);
    assert.equal(res.body.error.code, 'not_found');
  });

  it('answers 503 when the bucket refuses an upload, and keeps neither a row nor an object', async () => {
    const project = await createProject(app, ann, 'Outage');
    const before = objects().length;
    fake.fail('upload', 1);
    const res = await upload(app, ann, project, 'outage.txt', 'Written while the bucket was down.\n');
    assert.equal(res.status, 503, res.text);
    assert.equal(res.body.error.code, 'storage_unavailable');
    assert.match(res.body.error.message, /try again/i);
    assert.equal((await app.deps.knex('documents').where({ projectId: project })).length, 0);
    assert.equal(objects().length, before);
    const again = await upload(app, ann, project, 'outage.txt', 'Written while the bucket was down.\n');
    assert.equal(again.status, 201, 'the same file goes through once the bucket is back');
  });

  it('deletes the object with its document; a bucket that fails then is retried until it succeeds', async () => {
    const project = await createProject(app, ann, 'Delete');
    const first = await ingest(app, ann, project, 'first.txt', 'The first note, deleted at once.\n');
    const firstKey = await keyOf(first.id);
    assert.equal((await app.request('DELETE', `/api/v1/documents/${first.id}`, undefined, { token: ann.accessToken })).status, 204);
    assert.equal(fake.objects(BUCKET).has(firstKey), false);
    assert.equal((await app.deps.knex('file_deletions').where({ storageKey: firstKey })).length, 0);

    const second = await ingest(app, ann, project, 'second.txt', 'The second note, deleted while the bucket fails.\n');
    const secondKey = await keyOf(second.id);
    fake.fail('delete', 1);
    assert.equal((await app.request('DELETE', `/api/v1/documents/${second.id}`, undefined, { token: ann.accessToken })).status, 204, 'the row is gone either way');
    assert.ok(fake.objects(BUCKET).has(secondKey), 'the failed delete left the object');
    const [queued] = await app.deps.knex('file_deletions').where({ storageKey: secondKey });
    assert.equal(queued.attempts, 1);
    assert.match(queued.lastError, /not reachable/);
    assert.ok(new Date(queued.nextAttemptAt).getTime() > Date.now() + 30_000, 'retried after a pause, not at once');
    assert.deepEqual(await sweepFileDeletions(app.deps, { keys: [secondKey] }), { deleted: 0, failed: 0 }, 'not due yet');
    await app.deps.knex('file_deletions').where({ storageKey: secondKey }).update({ nextAttemptAt: new Date(Date.now() - 1000) });
    assert.deepEqual(await sweepFileDeletions(app.deps, { keys: [secondKey] }), { deleted: 1, failed: 0 });
    assert.equal(fake.objects(BUCKET).has(secondKey), false);
    assert.equal((await app.deps.knex('file_deletions').where({ storageKey: secondKey })).length, 0);
  });

  it('sweeps every due file on its round (the minute timer), in batches', async () => {
    const keys = Array.from({ length: 130 }, (_, i) => `documents/orphans/${i}.txt`);
    for (const key of keys) fake.put(BUCKET, key);
    await app.deps.knex('file_deletions').insert(keys.map((storageKey) => ({ storageKey })));
    const swept = await sweepFileDeletions(app.deps);
    assert.ok(swept.deleted >= 130 && swept.failed === 0, JSON.stringify(swept));
    assert.deepEqual(keys.filter((k) => fake.objects(BUCKET).has(k)), []);
    assert.deepEqual(await app.deps.knex('file_deletions').whereIn('storageKey', keys), []);
  });

  it('starts sweeping with the workers, at once', async () => {
    const key = 'documents/orphans/at-start.txt';
    fake.put(BUCKET, key);
    await app.deps.knex('file_deletions').insert({ storageKey: key });
    const sweeper = startFileSweeper(app.deps);
    try {
      for (let i = 0; i < 100 && fake.objects(BUCKET).has(key); i++) await new Promise((r) => setTimeout(r, 50));
      assert.equal(fake.objects(BUCKET).has(key), false);
    } finally {
      sweeper.close();
    }
  });

  it('deletes every object of a deleted project, and of the projects of a deleted category', async () => {
    const project = await createProject(app, ann, 'Whole project');
    const keys: string[] = [];
    for (const name of ['one', 'two', 'three']) keys.push(await keyOf((await ingest(app, ann, project, `${name}.txt`, `Note ${name} of the project.\n`)).id));
    assert.ok(keys.every((k) => fake.objects(BUCKET).has(k)));
    assert.equal((await app.request('DELETE', `/api/v1/projects/${project}`, undefined, { token: ann.accessToken })).status, 204);
    await app.deps.background.idle();
    assert.deepEqual(keys.filter((k) => fake.objects(BUCKET).has(k)), []);

    const other = await createProject(app, ann, 'In a category');
    const key = await keyOf((await ingest(app, ann, other, 'cat.txt', 'A note in a project of a deleted category.\n')).id);
    const { categoryId } = await app.deps.knex('projects').where({ id: other }).first();
    assert.equal((await app.request('DELETE', `/api/v1/categories/${categoryId}`, undefined, { token: ann.accessToken })).status, 200);
    await app.deps.background.idle();
    assert.equal(fake.objects(BUCKET).has(key), false);
    assert.deepEqual(await app.deps.knex('file_deletions').whereIn('storageKey', [...keys, key]), []);
  });
});
