/**
 * The project page's documents in Chromium against the real backend and worker: "Add file" above the
 * table, files dropped from the desktop, a scan read by OCR, upload then live embedding progress to "ready", a broken file failing with its reason and a
 * Retry button, delete, a CSV opened in the table section, and a spreadsheet's length given in rows.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { fillerLines, makePdf, makeScannedPdf } from '../../backend/test/documents.js';
import { makeCorruptPdf } from '../../backend/test/pdf-fixtures.js';
import { screenshot } from '../support/browser.js';
import { logIn, userWithProject, webappSuite } from '../support/webapp.js';

describe('web app: project documents (browser)', function () {
  this.timeout(180_000);

  const suite = webappSuite();
  const { pages } = suite;
  let owner: Awaited<ReturnType<typeof userWithProject>>;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'intellio-web-docs-'));

  before(async function () {
    owner = await userWithProject(suite.server.url, 'Claude Shannon');
  });

  after(async () => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  async function openProject(page: Page) {
    await logIn(page, owner.user);
    await page.goto(`/projects/${owner.projectId}`);
    await page.getByTestId('documents-section').waitFor();
  }

  const row = (page: Page, filename: string) => page.getByTestId('document-row').filter({ hasText: filename });

  it('uploads a 10-page PDF and follows it live until it is ready', async () => {
    const file = path.join(dir, 'annual-report.pdf');
    fs.writeFileSync(file, await makePdf(Array.from({ length: 10 }, (_, i) => [`Annual report page ${i + 1}`, ...fillerLines(i + 1)])));
    const page = await pages.open();
    await openProject(page);
    await page.getByTestId('documents-empty').waitFor();
    // "Add file" sits above the table section.
    const addBox = await page.getByRole('button', { name: 'Add file' }).boundingBox();
    const tableBox = await page.getByTestId('table-section').boundingBox();
    assert.ok(addBox && tableBox && addBox.y + addBox.height <= tableBox.y, 'Add file is not above the table');

    // Every status the row shows on its way, recorded in the page as it changes.
    await page.evaluate(() => {
      const seen: string[] = [];
      (window as unknown as { seenStatuses: string[] }).seenStatuses = seen;
      new MutationObserver(() => {
        for (const el of Array.from(document.querySelectorAll('[data-testid=document-row]'))) {
          const s = el.getAttribute('data-status') ?? '';
          if (seen[seen.length - 1] !== s) seen.push(s);
        }
      }).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-status'] });
    });
    await page.getByTestId('file-input').setInputFiles(file);
    await row(page, 'annual-report.pdf').and(page.locator('[data-status=ready]')).waitFor({ timeout: 60_000 });
    const seen = await page.evaluate(() => (window as unknown as { seenStatuses: string[] }).seenStatuses);
    assert.equal(seen[seen.length - 1], 'ready', `statuses seen: ${seen.join(' → ')}`);
    assert.ok(seen.length >= 2, `the row went straight to ready without live updates: ${seen.join(' → ')}`);
    const text = await row(page, 'annual-report.pdf').textContent();
    assert.match(text ?? '', /10 pages/);
    assert.match(text ?? '', /Ready/);
    await screenshot(page, 'documents-ready-1280');

    // Still ready after a reload (the list comes from the server, not from the events).
    await page.reload();
    await row(page, 'annual-report.pdf').and(page.locator('[data-status=ready]')).waitFor();
  });

  it('uploads files dropped from the desktop onto the documents, highlighting the drop zone while they hover', async () => {
    const page = await pages.open();
    await openProject(page);
    const files = await page.evaluateHandle(() => {
      const dt = new DataTransfer();
      dt.items.add(new File(['Dropped notes: the ferry timetable changes in May.\n'], 'dropped-notes.txt', { type: 'text/plain' }));
      dt.items.add(new File(['region,sales\nNorth,12\n'], 'dropped.csv', { type: 'text/csv' }));
      return dt;
    });
    const zone = page.getByTestId('documents-drop');
    await zone.dispatchEvent('dragenter', { dataTransfer: files });
    await page.getByTestId('documents-dropping').waitFor();
    await screenshot(page, 'documents-drop-1280');
    await zone.dispatchEvent('dragleave', { dataTransfer: files });
    await page.getByTestId('documents-dropping').waitFor({ state: 'detached' });

    await zone.dispatchEvent('dragenter', { dataTransfer: files });
    await zone.dispatchEvent('drop', { dataTransfer: files });
    await page.getByTestId('documents-dropping').waitFor({ state: 'detached' });
    await row(page, 'dropped-notes.txt').and(page.locator('[data-status=ready]')).waitFor({ timeout: 60_000 });
    await row(page, 'dropped.csv').and(page.locator('[data-status=ready]')).waitFor({ timeout: 60_000 });
  });

  it('says which pages of a scan were read by OCR', async () => {
    const file = path.join(dir, 'signed-contract.pdf');
    fs.writeFileSync(file, await makeScannedPdf([
      { text: fillerLines(1) },
      { scan: ['Signed by both parties on 3 March.', ...fillerLines(2, 4)] },
      { text: fillerLines(3) },
      { scan: fillerLines(4, 4) },
      { scan: ['Annex: delivery schedule.', ...fillerLines(5, 4)] },
    ]));
    const page = await pages.open();
    await openProject(page);
    await page.getByTestId('file-input').setInputFiles(file);
    await row(page, 'signed-contract.pdf').and(page.locator('[data-status=ready]')).waitFor({ timeout: 60_000 });
    assert.equal(await row(page, 'signed-contract.pdf').getByTestId('document-ocr').textContent(), '3 scanned pages read by OCR (pp. 2, 4–5)');
    assert.equal(await row(page, 'annual-report.pdf').getByTestId('document-ocr').count(), 0, 'a PDF with a text layer says nothing of OCR');
  });

  it('shows why a broken file failed, with a Retry button, and deletes it', async () => {
    const file = path.join(dir, 'broken.pdf');
    fs.writeFileSync(file, makeCorruptPdf());
    const page = await pages.open();
    await openProject(page);
    await page.getByTestId('file-input').setInputFiles(file);
    const failed = row(page, 'broken.pdf').and(page.locator('[data-status=failed]'));
    await failed.waitFor({ timeout: 60_000 });
    assert.ok(((await failed.getByTestId('document-error').textContent()) ?? '').length > 5);
    await failed.getByRole('button', { name: 'Retry' }).waitFor();
    await screenshot(page, 'documents-failed-1280');

    await failed.getByRole('button', { name: 'Delete broken.pdf' }).click();
    await row(page, 'broken.pdf').waitFor({ state: 'detached' });
    const stored = await suite.server.deps.knex('documents').where({ filename: 'broken.pdf' }).first();
    assert.equal(stored, undefined);
  });

  it('opens an uploaded CSV in the table section', async () => {
    const file = path.join(dir, 'sales.csv');
    fs.writeFileSync(file, 'Region,Q1,Q2\nNorth,120,135\nSouth,98,91\n');
    const page = await pages.open();
    await openProject(page);
    await page.getByTestId('file-input').setInputFiles(file);
    await row(page, 'sales.csv').and(page.locator('[data-status=ready]')).waitFor({ timeout: 60_000 });
    await page.getByRole('combobox', { name: 'Open a document as a table' }).selectOption({ label: 'sales.csv' });
    await page.getByTestId('sheet-grid').waitFor();
    assert.equal(await page.locator('[data-cell="A2"]').textContent(), 'North');
    assert.equal(await page.locator('[data-cell="C3"]').textContent(), '91');
    assert.match((await page.getByTestId('selection-summary').textContent()) ?? '', /sales\.csv · 3 rows/);
  });

  it('gives a spreadsheet its rows where a PDF has pages', async () => {
    const file = path.join(dir, 'ledger.csv');
    // A header and 1,203 rows of data: 1,204 rows, as a spreadsheet numbers them.
    fs.writeFileSync(file, ['Entry,Amount', ...Array.from({ length: 1203 }, (_, i) => `Entry ${i + 1},${(i * 37) % 1000}`)].join('\n') + '\n');
    const page = await pages.open();
    await openProject(page);
    await page.getByTestId('file-input').setInputFiles(file);
    const ledger = row(page, 'ledger.csv').and(page.locator('[data-status=ready]'));
    await ledger.waitFor({ timeout: 60_000 });
    assert.equal(await ledger.getByTestId('document-length').textContent(), '1,204 rows');
    // The PDF of the first test keeps its pages.
    assert.equal(await row(page, 'annual-report.pdf').getByTestId('document-length').textContent(), '10 pages');
  });
});
