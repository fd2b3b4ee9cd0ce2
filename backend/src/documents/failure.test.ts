/**
 * Issue 31: a failed document keeps a machine code for its reason (migration 029) and the API words the
 * reason in the reader's language, while the row keeps the English sentence for logs. The code is given
 * where the error is thrown and travels with it (across the ingest worker thread too), never read from the
 * sentence, except for rows failed before the code existed.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { en as enMessages, ko as koMessages } from '@intellio/i18n';
import { startTestApp, type TestApp } from '../../test/app.js';
import { buildUser, type SignedUpUser } from '../../test/builders.js';
import { createProject, ingest } from '../../test/documents.js';
import { makeHwp } from '../../test/hwp-fixtures.js';
import { makeDocxBomb } from '../../test/ingest-fixtures.js';
import { makeEncryptedPdf } from '../../test/pdf-fixtures.js';
import { projectChannel } from '../events/bus.js';
import { IngestPool } from '../ingest/pool.js';
import { PermanentJobError } from '../queue/runner.js';
import { extractCsv } from './extract/csv.js';
import { extractDocx } from './extract/docx.js';
import { extractHwp } from './extract/hwp.js';
import { damaged } from './extract/hwp-container.js';
import { extractPdf } from './extract/pdf.js';
import { DEFAULT_LIMITS } from './extract/types.js';
import { DocumentReadError, documentFailure, FAILURE_CODES, failureOf, type DocumentFailure } from './failure.js';
import { localizeDocument } from './presenter.js';

const HANGUL = /[\uAC00-\uD7A3]/;

/** The failure an extraction rejects with; fails the test when it is not a DocumentReadError. */
async function failureFrom(work: Promise<unknown>): Promise<DocumentFailure> {
  try {
    await work;
  } catch (err) {
    assert.ok(err instanceof DocumentReadError, `a DocumentReadError, not ${String(err)}`);
    assert.ok((FAILURE_CODES as readonly string[]).includes(err.code));
    return failureOf(err);
  }
  assert.fail('the extraction succeeded');
}

describe('document failure codes', () => {
  let dir: string;
  const file = (name: string, bytes: Buffer | string) => {
    const p = path.join(dir, name);
    fs.writeFileSync(p, bytes);
    return p;
  };
  const csv = `Region,Sales,Cost\n${Array.from({ length: 10 }, (_, i) => `Region ${i},${i * 10},${i * 20}`).join('\n')}\n`;

  before(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'intellio-failure-'))));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('gets the code and figures from the errors the extractors throw', async () => {
    const limits = { ...DEFAULT_LIMITS, maxCells: 12 };
    assert.deepEqual(await failureFrom(extractCsv(file('cells.csv', csv), { limits })), { code: 'too_many_cells', params: { max: 12 } });
    const bomb = file('bomb.docx', await makeDocxBomb(3 * 1024 * 1024));
    assert.deepEqual(await failureFrom(extractDocx(bomb, { limits: { ...DEFAULT_LIMITS, maxUnzippedBytes: 1024 * 1024 } })), { code: 'unpacked_limit', params: { size: '1 MB' } });
    assert.deepEqual(await failureFrom(extractDocx(bomb, { limits: { ...DEFAULT_LIMITS, maxRatio: 2 } })), { code: 'compression_ratio', params: { ratio: 2 } });
    const hwp = (flags: number) => file(`p${flags}.hwp`, makeHwp([[{ text: '보안 문서' }]], { flags }));
    assert.equal((await failureFrom(extractHwp(hwp(0x02)))).code, 'hwp_encrypted');
    assert.equal((await failureFrom(extractHwp(hwp(0x10)))).code, 'hwp_drm');
    assert.deepEqual(await failureFrom(extractHwp(file('v3.hwp', makeHwp([[{ text: 'x' }]], { version: 0x03000000 })))), { code: 'hwp_old_version', params: { version: '3.0.0.0' } });
    assert.equal((await failureFrom(extractPdf(file('locked.pdf', await makeEncryptedPdf()), 'auto'))).code, 'pdf_encrypted');
    assert.equal(damaged('it has no BodyText/Section0 stream').code, 'damaged');
    // An error without a code (a crash, a refusal of the embedding service) is a generic failure.
    assert.equal(failureOf(new Error('connect ECONNREFUSED')).code, 'processing_failed');
    assert.equal(failureOf(new PermanentJobError('The embedding model is unknown.')).code, 'processing_failed');
  });

  it('keeps the code across the ingest worker thread, and gives the pool\'s own limits one', async function () {
    this.timeout(30_000);
    const pool = new IngestPool({ workers: 1, memoryMb: 256, timeoutMs: 20_000 });
    const slow = new IngestPool({ workers: 1, memoryMb: 256, timeoutMs: 1 });
    const request = { kind: 'csv' as const, filePath: file('pool.csv', csv), pdfEngine: 'auto' as const, limits: { ...DEFAULT_LIMITS, maxCells: 12 } };
    try {
      const thrown = await pool.read(request).then(() => undefined, (err: unknown) => err);
      assert.ok(thrown instanceof DocumentReadError, String(thrown));
      assert.deepEqual(failureOf(thrown), { code: 'too_many_cells', params: { max: 12 } });
      assert.deepEqual(await failureFrom(slow.read({ ...request, limits: DEFAULT_LIMITS })), { code: 'time_limit', params: { seconds: 0.001 } });
    } finally {
      await Promise.all([pool.close(), slow.close()]);
    }
  });

  it('reads the code back from the sentence of a row failed before the code existed', () => {
    assert.deepEqual(
      documentFailure('This CSV file has more than 1,000,000 cells, the most one file may have here, so it was not read. Split it into smaller files.'),
      { code: 'too_many_cells', params: { max: 1_000_000 } },
    );
    assert.deepEqual(
      documentFailure('The Word file unpacks to more than 200 MB, the most one file may unpack to here, so it was not read. Split it into smaller files, or save it as PDF.'),
      { code: 'unpacked_limit', params: { size: '200 MB' } },
    );
    assert.deepEqual(
      documentFailure('This PDF has 900 scanned pages, and this server reads at most 500 per file. Split it into smaller files and upload those.'),
      { code: 'ocr_page_limit', params: { pages: 900, max: 500 } },
    );
    assert.equal(documentFailure('The HWP file is damaged and could not be read (it has no BodyText/Section0 stream).').code, 'damaged');
    assert.equal(documentFailure('Processing failed after 3 attempts: connect ECONNREFUSED').code, 'processing_failed');
  });

  it('has a sentence for every code in English and in Korean (in Hangul)', () => {
    const en = enMessages.serverDocumentFailures as Record<string, string>;
    const ko = koMessages.serverDocumentFailures as Record<string, string>;
    for (const code of FAILURE_CODES) {
      assert.ok(en[code], `English sentence for ${code}`);
      assert.match(ko[code] ?? '', HANGUL, `Korean sentence for ${code}`);
    }
  });

  it('words a live event from the code it carries, and leaves English as it was', () => {
    // The sentence is not one the fallback patterns know: only the carried code can word it.
    const event = { id: 'x', status: 'failed', error: 'This spreadsheet is too big.' };
    const failure = { code: 'too_many_cells', params: { max: 1_000_000 } };
    assert.deepEqual(localizeDocument(event, 'en', failure), event);
    const ko = localizeDocument(event, 'ko', failure) as { error: string };
    assert.match(ko.error, HANGUL);
    assert.match(ko.error, /1,000,000/);
    // An event from an older process carries no code: its sentence is read back.
    const old = localizeDocument({ ...event, error: 'The PDF is password-protected. Remove the password and upload it again.' }, 'ko') as { error: string };
    assert.match(old.error, /암호/);
  });
});

describe('document failure reasons through the API', () => {
  let app: TestApp;
  let ann: SignedUpUser;
  let project: string;
  const get = (p: string, headers: Record<string, string> = {}) => app.request('GET', `/api/v1${p}`, undefined, { token: ann.accessToken, headers });

  before(async () => {
    app = await startTestApp({ RUN_WORKERS_IN_PROCESS: 'true', INGEST_MAX_CELLS: '12' });
    ann = await buildUser(app);
    project = await createProject(app, ann);
  });
  after(() => app.close());

  it('stores the code with the English sentence and shows the reason in Korean to a Korean reader', async () => {
    const csv = Array.from({ length: 10 }, (_, i) => `Region ${i},${i * 10},${i * 20}`).join('\n');
    const failed = await ingest(app, ann, project, '지점별 매출.csv', `Region,Sales,Cost\n${csv}\n`);
    assert.equal(failed.status, 'failed');
    assert.match(failed.error, /^This CSV file has more than 12 cells/);

    const row = await app.deps.knex('documents').where({ id: failed.id }).first();
    assert.equal(row.errorCode, 'too_many_cells');
    assert.deepEqual(row.errorParams, { max: 12 });
    assert.match(row.error, /^This CSV file has more than 12 cells/, 'the row keeps the English sentence');

    const byHeader = await get(`/documents/${failed.id}`, { 'Accept-Language': 'ko-KR,ko;q=0.9' });
    assert.match(byHeader.body.data.error, HANGUL);
    assert.match(byHeader.body.data.error, /12개/);

    const set = await app.request('PATCH', '/api/v1/me', { language: 'ko' }, { token: ann.accessToken });
    assert.equal(set.status, 200, set.text);
    const listed = await get(`/projects/${project}/documents`);
    const inList = listed.body.data.find((d: { id: string }) => d.id === failed.id);
    assert.equal(inList.error, byHeader.body.data.error);
    assert.doesNotMatch(inList.error, /cells/);
  });

  it('pushes a failure to a Korean reader\'s event stream worded from its code', async () => {
    const controller = new AbortController();
    const res = await fetch(`${app.url}/api/v1/projects/${project}/events?access_token=${ann.accessToken}`, { signal: controller.signal });
    assert.equal(res.status, 200);
    const reader = res.body!.getReader();
    let buffer = '';
    const carried: unknown[] = [];
    const unsubscribe = await app.deps.events.subscribe(projectChannel(project), (event) => {
      if (event.type === 'document' && (event.document as { status: string }).status === 'failed') carried.push(event.failure);
    });
    const failed = (async () => {
      const decoder = new TextDecoder();
      for (;;) {
        const { value, done } = await reader.read();
        if (done) throw new Error('the stream ended');
        buffer += decoder.decode(value);
        for (const m of buffer.matchAll(/event: document\ndata: (.*)\n\n/g)) {
          const { document } = JSON.parse(m[1]);
          if (document.status === 'failed') return document as { error: string };
        }
      }
    })();
    try {
      await new Promise((r) => setTimeout(r, 100)); // the subscription is live once `ready` was sent
      const csv = Array.from({ length: 10 }, (_, i) => `Branch ${i},${i},${i}`).join('\n');
      await ingest(app, ann, project, 'branches.csv', `Branch,A,B\n${csv}\n`);
      const document = await Promise.race([failed, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no failed event: ${buffer}`)), 15_000))]);
      assert.match(document.error, HANGUL);
      assert.match(document.error, /12개/);
      assert.deepEqual(carried, [{ code: 'too_many_cells', params: { max: 12 } }], 'the event carries the code beside the English document');
    } finally {
      unsubscribe();
      controller.abort();
    }
  });

  it('words an encrypted PDF and a row failed before the code existed', async () => {
    const locked = await ingest(app, ann, project, 'locked.pdf', await makeEncryptedPdf());
    assert.equal(locked.status, 'failed');
    assert.equal((await app.deps.knex('documents').where({ id: locked.id }).first()).errorCode, 'pdf_encrypted');
    assert.match(locked.error, /PDF/);
    assert.match(locked.error, /암호/);

    await app.deps.knex('documents').where({ id: locked.id }).update({ errorCode: null, errorParams: null });
    const old = await get(`/documents/${locked.id}`);
    assert.equal(old.body.data.error, locked.error);
    const english = await app.request('PATCH', '/api/v1/me', { language: 'en' }, { token: ann.accessToken });
    assert.equal(english.status, 200, english.text);
    assert.match((await get(`/documents/${locked.id}`)).body.data.error, /^The PDF is password-protected/);
  });

  it('gives a cancelled document its own code, not the one of an earlier failure', async () => {
    const locked = await ingest(app, ann, project, 'locked-again.pdf', Buffer.concat([await makeEncryptedPdf(), Buffer.from('\n')]));
    assert.equal((await app.deps.knex('documents').where({ id: locked.id }).first()).errorCode, 'pdf_encrypted');
    // As if retried and still running: the row keeps the earlier failure's code until it ends again.
    await app.deps.knex('documents').where({ id: locked.id }).update({ status: 'processing', error: null });
    const cancelled = await app.request('POST', `/api/v1/documents/${locked.id}/cancel`, undefined, { token: ann.accessToken });
    assert.equal(cancelled.status, 200, cancelled.text);
    const row = await app.deps.knex('documents').where({ id: locked.id }).first();
    assert.equal(row.errorCode, 'cancelled');
    assert.equal(row.error, 'Processing was cancelled.');
  });
});
