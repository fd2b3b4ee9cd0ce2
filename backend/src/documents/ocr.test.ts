/**
 * Scanned PDF pages: read by OCR (pdftoppm + Tesseract) onto their own page numbers, next to pages with a
 * text layer, upright or upside down; a file of scans fails with a reason when OCR is off, too long or missing its language.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startTestApp, type TestApp } from '../../test/app.js';
import { buildUser, type SignedUpUser } from '../../test/builders.js';
import { createProject, fillerLines, ingest, makeScannedPdf } from '../../test/documents.js';
import { PermanentJobError } from '../queue/runner.js';
import { searchPassages } from '../retrieval/search.js';
import { hasTesseract, runsOf, type OcrSettings } from './extract/ocr.js';
import { extractPdf } from './extract/pdf.js';

const ON: OcrSettings = { enabled: true, languages: 'eng', maxPages: 300 };
const ROTTERDAM = 'The Rotterdam warehouse holds 4,200 pallets of spare parts.';

describe('scanned PDF pages (OCR)', function () {
  this.timeout(60_000);
  let dir: string;
  let mixed: string;
  let app: TestApp | undefined;
  let ann: SignedUpUser;

  before(async function () {
    // CI installs tesseract-ocr (scripts/ci/ensure-apt-tools.sh); elsewhere these tests need it too.
    if (!(await hasTesseract()) && !process.env.CI) this.skip();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'intellio-ocr-test-'));
    mixed = path.join(dir, 'mixed.pdf');
    fs.writeFileSync(mixed, await makeScannedPdf([
      { text: fillerLines(1) },
      { scan: [ROTTERDAM, ...fillerLines(2, 6)] },
      { text: ['Page three has a text layer about the harbour.', ...fillerLines(3)] },
      { scan: ['This page went through the scanner upside down.', ...fillerLines(4, 6)], upsideDown: true },
    ]));
  });
  after(async () => {
    await app?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('reads a scanned page onto its own page number, beside pages with a text layer, with progress to the end', async () => {
    const seen: number[] = [];
    const out = await extractPdf(mixed, 'auto', { ocr: ON, onProgress: (f) => void seen.push(f) });
    assert.equal(out.pages, 4);
    assert.deepEqual([out.scannedPages, out.ocrPages], [2, [2, 4]]);
    const scanned = out.units.find((u) => u.page === 2);
    assert.ok(scanned?.text.includes(ROTTERDAM), `page 2 read as: ${scanned?.text.slice(0, 120)}`);
    const turned = out.units.find((u) => u.page === 4);
    assert.ok(turned?.text.includes('This page went through the scanner upside down.'), `page 4 read as: ${turned?.text.slice(0, 120)}`);
    assert.ok(out.units.find((u) => u.page === 3)?.text.includes('about the harbour'));
    assert.deepEqual(seen, [...seen].sort((a, b) => a - b), 'progress only goes forward');
    assert.equal(seen.at(-1), 1);

    const off = await extractPdf(mixed, 'auto', { ocr: { ...ON, enabled: false } });
    assert.deepEqual([off.scannedPages, off.ocrPages], [2, undefined]);
    assert.deepEqual(off.units.map((u) => u.page), [1, 3], 'with OCR off the scan stays empty');
  });

  it('reads a scan under a stamped line of text, but not a short page with a figure on it', async () => {
    const stamp = 'ACME-000123 CONFIDENTIAL - produced under the protective order';
    const file = path.join(dir, 'stamped.pdf');
    fs.writeFileSync(file, await makeScannedPdf([
      { text: fillerLines(1) },
      { scan: ['The Gdansk terminal handled 7,300 containers in June.', ...fillerLines(2, 6)], stamp },
      { text: ['Figure 3: pallet throughput by warehouse'], figure: ['North 120', 'South 95', 'West 110'] },
    ]));
    const out = await extractPdf(file, 'auto', { ocr: ON });
    assert.deepEqual([out.scannedPages, out.ocrPages], [1, [2]]);
    const page2 = out.units.find((u) => u.page === 2)?.text ?? '';
    assert.ok(page2.startsWith(stamp), 'the stamp comes first, as on the page');
    assert.ok(page2.includes('The Gdansk terminal handled 7,300 containers'), `page 2 read as: ${page2.slice(0, 160)}`);
    assert.doesNotMatch(out.units.find((u) => u.page === 3)?.text ?? '', /North 120/, 'a figure is not OCR\'d');
    assert.deepEqual(runsOf([1, 2, 5, 9, 10, 30], 3), [[1, 5], [9, 10], [30, 30]]);
  });

  it('refuses more scanned pages than the limit, and a language that is not installed, with reasons', async () => {
    await assert.rejects(extractPdf(mixed, 'auto', { ocr: { ...ON, maxPages: 0 } }), (err: Error) =>
      err instanceof PermanentJobError && /has 2 scanned pages, and this server reads at most 0/.test(err.message));
    await assert.rejects(extractPdf(mixed, 'auto', { ocr: { ...ON, languages: 'zzz' } }), (err: Error) =>
      err instanceof PermanentJobError && /language pack is missing/.test(err.message));
  });

  it('an uploaded scan is searchable by its words on the right page, and says which pages OCR read', async () => {
    // Built before the app starts: pdftoppm runs synchronously, and an event loop blocked past the 5 s
    // keep-alive lets the server drop the socket the next request reuses (ECONNRESET on a busy machine).
    const scan = await makeScannedPdf([{ scan: fillerLines(1, 8) }, { scan: [ROTTERDAM, ...fillerLines(2, 6)] }]);
    app = await startTestApp({ RUN_WORKERS_IN_PROCESS: 'true' });
    ann = await buildUser(app);
    const project = await createProject(app, ann, 'Scans');
    const doc = await ingest(app, ann, project, 'scan.pdf', scan);
    assert.equal(doc.status, 'ready', doc.error);
    assert.deepEqual([doc.pages, doc.ocrPages, doc.ocrPageNumbers], [2, 2, [1, 2]]);
    const [first] = await searchPassages(app.deps, { userId: ann.id, projectId: project, query: 'pallets in the Rotterdam warehouse' });
    assert.deepEqual([first.page, first.ocr], [2, true]);
    assert.ok(first.text.includes('4,200 pallets'));

    const text = await ingest(app, ann, project, 'text.pdf', fs.readFileSync(mixed));
    assert.deepEqual([text.status, text.ocrPages, text.ocrPageNumbers], ['ready', 2, [2, 4]]);
    const [harbour] = await searchPassages(app.deps, { userId: ann.id, projectId: project, query: 'text layer about the harbour' });
    assert.deepEqual([harbour.documentId, harbour.page, harbour.ocr], [text.id, 3, false], 'a page with a text layer is not flagged');
  });

  it('an analysis citing a scanned page says its quote was read by OCR, in the citation and in the answer', async () => {
    const project = await createProject(app as TestApp, ann, 'Warehouses');
    const doc = await ingest(app as TestApp, ann, project, 'stock.pdf', await makeScannedPdf([
      { text: ['The Antwerp depot holds 900 pallets of finished goods.', ...fillerLines(5)] },
      { scan: [ROTTERDAM, ...fillerLines(6, 6)] },
    ]));
    assert.equal(doc.status, 'ready', doc.error);
    const res = await (app as TestApp).request('POST', '/api/v1/analyses', {
      projectId: project,
      source: 'web',
      prompt: 'How many pallets does each warehouse hold?',
      selection: { sheet: 'Stock', ranges: [{ address: 'A1:B3', values: [['Warehouse', 'Pallets'], ['Antwerp', 900], ['Rotterdam', 4200]] }] },
    }, { token: ann.accessToken });
    assert.equal(res.status, 201, res.text);
    const a = res.body.data;
    const byPage = new Map(a.citations.map((c: { page: number; ocr: boolean }) => [c.page, c.ocr]));
    assert.equal(byPage.get(2), true, JSON.stringify(a.citations));
    assert.equal(byPage.get(1), false, JSON.stringify(a.citations));
    assert.match(a.answer, /stock\.pdf, p\. 2 \(scanned page, read by OCR\)/);
    assert.doesNotMatch(a.answer, /p\. 1 \(scanned/);
  });

  it('a file of nothing but scans fails with the reason when OCR is off on the server', async () => {
    const offApp = await startTestApp({ RUN_WORKERS_IN_PROCESS: 'true', OCR: 'off' });
    try {
      const user = await buildUser(offApp);
      const project = await createProject(offApp, user, 'No OCR');
      const doc = await ingest(offApp, user, project, 'scan.pdf', await makeScannedPdf([{ scan: [ROTTERDAM] }]));
      assert.equal(doc.status, 'failed');
      assert.match(doc.error, /its pages are scanned images, and text recognition \(OCR\) is not available on this server/);
    } finally {
      await offApp.close();
    }
  });
});
