/**
 * Issue 31: a failed document keeps a machine code for its reason (migration 029) and the API words the
 * reason in the reader's language, while the row keeps the English sentence for logs.
 */
import assert from 'node:assert/strict';
import { en as enMessages, ko as koMessages } from '@intellio/i18n';
import { startTestApp, type TestApp } from '../../test/app.js';
import { buildUser, type SignedUpUser } from '../../test/builders.js';
import { createProject, ingest } from '../../test/documents.js';
import { makeEncryptedPdf } from '../../test/pdf-fixtures.js';
import { tooManyCells } from './extract/csv.js';
import { damaged, PROTECTED_MESSAGE } from './extract/hwp-container.js';
import { documentFailure, FAILURE_CODES } from './failure.js';
import { localizeDocument } from './presenter.js';

const HANGUL = /[\uAC00-\uD7A3]/;

describe('document failure codes', () => {
  it('reads the code and figures from the sentences the ingest path raises', () => {
    assert.deepEqual(documentFailure(tooManyCells('CSV file', 1_000_000)), { code: 'too_many_cells', params: { max: 1_000_000 } });
    assert.deepEqual(documentFailure(tooManyCells('workbook', 5)), { code: 'too_many_cells', params: { max: 5 } });
    assert.equal(documentFailure(PROTECTED_MESSAGE.encrypted).code, 'hwp_encrypted');
    assert.equal(documentFailure(PROTECTED_MESSAGE.drm).code, 'hwp_drm');
    assert.equal(documentFailure(PROTECTED_MESSAGE.distribution).code, 'hwp_distribution');
    assert.equal(documentFailure(damaged('it has no BodyText/Section0 stream').message).code, 'damaged');
    assert.deepEqual(
      documentFailure('The workbook is compressed more than 100 to 1, which real documents never are (it looks like a "zip bomb"), so it was not read.'),
      { code: 'compression_ratio', params: { ratio: 100 } },
    );
    assert.deepEqual(
      documentFailure('The Word file unpacks to more than 200 MB, the most one file may unpack to here, so it was not read. Split it into smaller files, or save it as PDF.'),
      { code: 'unpacked_limit', params: { size: '200 MB' } },
    );
    assert.deepEqual(
      documentFailure('Reading this file needed more than 512 MB of memory, the most one file may use here, so it was not read. Split it into smaller files.'),
      { code: 'memory_limit', params: { mb: 512 } },
    );
    assert.deepEqual(
      documentFailure('This PDF has 900 scanned pages, and this server reads at most 500 per file. Split it into smaller files and upload those.'),
      { code: 'ocr_page_limit', params: { pages: 900, max: 500 } },
    );
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

  it('words a live event in the reader language and leaves English as it was', () => {
    const event = { id: 'x', status: 'failed', error: tooManyCells('CSV file', 1_000_000) };
    assert.deepEqual(localizeDocument(event, 'en'), event);
    const ko = localizeDocument(event, 'ko') as { error: string };
    assert.match(ko.error, HANGUL);
    assert.match(ko.error, /1,000,000/);
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
});
