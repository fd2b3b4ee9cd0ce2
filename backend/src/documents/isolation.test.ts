import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startTestApp, type TestApp } from '../../test/app.js';
import { buildUser, type SignedUpUser } from '../../test/builders.js';
import { createProject, makePdf, makeXlsx, settled, upload } from '../../test/documents.js';
import { makeDocxBomb, makeNumericXlsx, writeLedgerCsv } from '../../test/ingest-fixtures.js';
import { extractDocx } from './extract/docx.js';
import { DEFAULT_LIMITS } from './extract/types.js';

/** Uploads and waits for processing, allowing for a busy machine (a worker thread starts on first use). */
async function ingest(app: TestApp, user: SignedUpUser, projectId: string, filename: string, bytes: Buffer | string) {
  const res = await upload(app, user, projectId, filename, bytes);
  if (res.status !== 201) throw new Error(`upload ${filename}: ${res.status} ${res.text}`);
  return settled(app, user, res.body.data.id, 240_000);
}

/** The job rows of a document, oldest first. */
const jobsOf = (app: TestApp, documentId: string) => app.deps.knex('jobs').where({ documentId }).orderBy('createdAt');

describe('ingest isolation: files are read off the event loop, within bounds (issue 26 H2)', function () {
  this.timeout(300_000);
  let app: TestApp;
  let ann: SignedUpUser;
  let project: string;
  let dir: string;
  let bomb: Buffer;

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'intellio-isolation-'));
    // Made before the app starts: deflating 300 MB is seconds of work this thread would otherwise owe requests.
    bomb = await makeDocxBomb(300 * 1024 * 1024);
    app = await startTestApp({ RUN_WORKERS_IN_PROCESS: 'true', INGEST_MAX_UNZIPPED_MB: '50' });
    ann = await buildUser(app);
    project = await createProject(app, ann);
  });
  after(async () => {
    await app?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('stops inflating a DOCX bomb at the ratio bound, or at the size bound when the ratio is allowed', async () => {
    assert.ok(bomb.length < 2 * 1024 * 1024, `the bomb itself is small (${bomb.length} bytes)`);
    const file = path.join(dir, 'bomb.docx');
    fs.writeFileSync(file, bomb);
    const before = process.memoryUsage().arrayBuffers;
    await assert.rejects(extractDocx(file, { limits: DEFAULT_LIMITS }), /compressed more than 100 to 1.*zip bomb/);
    await assert.rejects(extractDocx(file, { limits: { ...DEFAULT_LIMITS, maxRatio: 100_000, maxUnzippedBytes: 20 * 1024 * 1024 } }), /unpacks to more than 20 MB/);
    // Nothing near the 300 MB it would inflate to was ever held.
    assert.ok(process.memoryUsage().arrayBuffers - before < 64 * 1024 * 1024);
  });

  it('fails an uploaded DOCX bomb with a reason the API shows, tried once', async () => {
    const doc = await ingest(app, ann, project, 'bomb.docx', bomb);
    assert.equal(doc.status, 'failed');
    assert.match(doc.error, /Word file is compressed more than 100 to 1/);
    assert.deepEqual((await jobsOf(app, doc.id)).map((j) => [j.status, j.attempts]), [['failed', 1]]);
    assert.equal((await app.deps.knex('chunks').where({ documentId: doc.id })).length, 0);
  });

  it('tries a broken XLSX once, and says it is damaged', async () => {
    const xlsx = await makeNumericXlsx(40, 6);
    // The sheet is the last entry: garble the end of its deflated data, just before the central directory.
    const directory = xlsx.readUInt32LE(xlsx.length - 22 + 16);
    for (let i = directory - 60; i < directory - 4; i++) xlsx[i] ^= 0x5a;
    const doc = await ingest(app, ann, project, 'broken.xlsx', xlsx);
    assert.equal(doc.status, 'failed');
    assert.match(doc.error, /workbook is damaged and could not be read/);
    assert.deepEqual((await jobsOf(app, doc.id)).map((j) => [j.status, j.attempts]), [['failed', 1]]);
  });

  it('answers /healthz and API reads while a large CSV is read and its chunks are written', async function () {
    this.timeout(600_000); // PGlite writes ~1,000 chunks with their indexes, in this thread, between requests
    const file = path.join(dir, 'ledger.csv');
    const rows = await writeLedgerCsv(file, 1024 * 1024);
    const up = await upload(app, ann, project, 'ledger.csv', await fs.promises.readFile(file));
    assert.equal(up.status, 201, up.text);
    let answeredWhileProcessing = 0;
    let doc = up.body.data;
    while (doc.status === 'queued' || doc.status === 'processing') {
      const health = await app.request('GET', '/healthz');
      assert.equal(health.status, 200);
      const res = await app.request('GET', `/api/v1/documents/${doc.id}`, undefined, { token: ann.accessToken });
      assert.equal(res.status, 200);
      if (res.body.data.status === 'processing') answeredWhileProcessing++;
      doc = res.body.data;
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.equal(doc.status, 'ready', doc.error);
    assert.ok(answeredWhileProcessing > 0, 'some requests were answered while the file was being processed');
    assert.equal(doc.rowCount, rows);
    assert.ok(doc.chunkCount > 500, `${doc.chunkCount} chunks`);
  });

  it('counts the rows of CSV and XLSX documents, and gives other kinds null', async () => {
    const csv = await ingest(app, ann, project, 'plan.csv', 'month,plan\nJan,10\n\nFeb,12\nMar,9\n');
    assert.equal(csv.rowCount, 4); // the header and three data rows; the empty line is not a row
    const xlsx = await ingest(app, ann, project, 'fleet.xlsx', await makeXlsx({
      Trucks: [['id', 'km'], [12, 40_000], [14, 12_500]],
      Vans: [['id', 'km'], [7, 9_000]],
    }));
    assert.equal(xlsx.status, 'ready', xlsx.error);
    assert.equal(xlsx.rowCount, 5);
    const pdf = await ingest(app, ann, project, 'memo.pdf', await makePdf([['A memo without rows.']]));
    assert.equal(pdf.rowCount, null);
    const list = await app.request('GET', `/api/v1/projects/${project}/documents`, undefined, { token: ann.accessToken });
    assert.equal(list.body.data.find((d: { id: string }) => d.id === csv.id).rowCount, 4);
  });
});

describe('ingest isolation: the cell limit', function () {
  this.timeout(300_000);
  let app: TestApp;
  let ann: SignedUpUser;
  let project: string;
  before(async () => {
    app = await startTestApp({ RUN_WORKERS_IN_PROCESS: 'true', INGEST_MAX_CELLS: '100000' });
    ann = await buildUser(app);
    project = await createProject(app, ann);
  });
  after(() => app?.close());

  it('fails a CSV and an XLSX over the cell limit with a reason, without retrying', async () => {
    const csv = ['a,b,c,d,e', ...Array.from({ length: 25_000 }, (_, i) => `${i},${i * 2},${i * 3},x${i},y${i}`)].join('\n');
    const overCsv = await ingest(app, ann, project, 'wide.csv', csv);
    assert.equal(overCsv.status, 'failed');
    assert.match(overCsv.error, /This CSV file has more than 100,000 cells/);
    const overXlsx = await ingest(app, ann, project, 'wide.xlsx', await makeNumericXlsx(1000, 120));
    assert.equal(overXlsx.status, 'failed');
    assert.match(overXlsx.error, /This workbook has more than 100,000 cells/);
    for (const doc of [overCsv, overXlsx]) assert.deepEqual((await jobsOf(app, doc.id)).map((j) => j.attempts), [1]);
  });

});

describe('ingest isolation: the per-file time limit', function () {
  this.timeout(300_000);
  let app: TestApp;
  after(() => app?.close());

  it('stops a file that takes longer than INGEST_TIMEOUT_SECONDS, with a reason, once', async () => {
    app = await startTestApp({ RUN_WORKERS_IN_PROCESS: 'true', INGEST_TIMEOUT_SECONDS: '0.001' });
    const u = await buildUser(app);
    const project = await createProject(app, u);
    const up = await upload(app, u, project, 'slow.txt', 'Any file takes longer than a millisecond to read in a new worker.\n');
    const doc = await settled(app, u, up.body.data.id, 240_000);
    assert.equal(doc.status, 'failed');
    assert.match(doc.error, /Reading this file took longer than 0.001 seconds, the most one file may take here/);
    assert.deepEqual((await jobsOf(app, doc.id)).map((j) => j.attempts), [1]);
  });
});
