/**
 * Analysing from the web app in Chromium against the real backend (local analyst engine): open a CSV of
 * the project, select two non-contiguous ranges, refine, analyse with the answer streamed, read the citation
 * of the right PDF page and download the cited file through its signed link; feedback, history, balance.
 */
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { fillerLines, makePdf, makeScannedPdf } from '../../backend/test/documents.js';
import { screenshot } from '../support/browser.js';
import { logIn, PHONE, uploadReady, userWithProject, webappSuite } from '../support/webapp.js';

describe('web app: analyse (browser)', function () {
  this.timeout(180_000);

  const suite = webappSuite();
  const { pages } = suite;
  let owner: Awaited<ReturnType<typeof userWithProject>>;
  let pdf: Buffer;

  before(async function () {
    owner = await userWithProject(suite.server.url, 'Florence Nightingale');
    pdf = await makePdf(
      Array.from({ length: 10 }, (_, i) =>
        i === 6
          ? ['Revenue notes', 'The May revenue spike to 9100 came from the one-off Contoso licence deal signed in May.', ...fillerLines(7, 4)]
          : [`Annual report page ${i + 1}`, ...fillerLines(i + 1)],
      ),
    );
    await uploadReady(suite.server.url, owner.token, owner.projectId, 'annual-report.pdf', pdf, 'application/pdf');
    const csv = 'Month,Revenue,Cost\nJan,1200,800\nFeb,1350,820\nMar,1500,790\nApr,1480,810\nMay,9100,805\nJun,1700,830\n';
    await uploadReady(suite.server.url, owner.token, owner.projectId, 'sales.csv', Buffer.from(csv), 'text/csv');
  });

  const cell = (page: Page, address: string) => page.locator(`[data-cell="${address}"]`);

  async function openCsv(page: Page, who = owner) {
    await logIn(page, who.user);
    await page.goto(`/projects/${who.projectId}`);
    await page.getByTestId('document-row').first().waitFor();
    await page.getByRole('combobox', { name: 'Open a document as a table' }).selectOption({ label: 'sales.csv' });
    await page.getByTestId('sheet-grid').waitFor();
  }

  it('selects two ranges, refines, streams a cited answer and downloads the cited PDF', async () => {
    const page = await pages.open();
    await openCsv(page);
    const before = Number(((await page.getByTestId('token-balance').textContent()) ?? '').replace(/\D/g, ''));
    assert.ok(before > 0, 'no balance in the header');

    await cell(page, 'A1').click();
    await cell(page, 'C3').click({ modifiers: ['Shift'] });
    await cell(page, 'A6').click({ modifiers: ['Control'] });
    await cell(page, 'C6').click({ modifiers: ['Shift'] });
    assert.match((await page.getByTestId('selection-summary').textContent()) ?? '', /Selected A1:C3, A6:C6 · 12 cells$/);
    await page.getByTestId('analyse-selection').getByText('A1:C3, A6:C6 · 12 cells').waitFor();

    await page.getByTestId('prompt-input').fill('Explain the May revenue spike and the Contoso licence deal');
    await page.getByRole('button', { name: 'Refine' }).click();
    const refined = page.getByTestId('refined-input');
    await refined.waitFor();
    assert.ok(((await refined.inputValue()) ?? '').length > 20, 'the refined prompt is empty');
    await refined.fill(`${await refined.inputValue()} Quote the annual report.`);
    await screenshot(page, 'analyse-refined-1280');

    const posted = page.waitForRequest((r) => r.url().endsWith('/api/v1/analyses') && r.method() === 'POST');
    await page.getByRole('button', { name: 'Analyse' }).click();
    const body = (await posted).postDataJSON();
    assert.deepEqual(body.selection.ranges.map((r: { address: string }) => r.address), ['A1:C3', 'A6:C6']);
    assert.deepEqual(body.selection.ranges[1].values, [['May', 9100, 805]]);
    assert.deepEqual(body.selection.ranges[1].headers, ['Month', 'Revenue', 'Cost']);
    assert.match(body.refinedPrompt, /Quote the annual report\.$/);

    const citation = page.getByTestId('citation').filter({ hasText: 'annual-report.pdf, page 7' });
    await citation.first().waitFor({ timeout: 60_000 });
    assert.match((await page.getByTestId('answer-text').textContent()) ?? '', /Contoso/);
    await screenshot(page, 'analyse-answer-1280');

    // The button says what it does: it opens the PDF at the page in a new tab (no download), through a signed
    // link that works without the session and returns the very file.
    const open = citation.first().getByTestId('citation-download');
    assert.equal(await open.textContent(), 'Open page 7');
    assert.equal(await open.getAttribute('target'), '_blank');
    assert.equal(await open.getAttribute('download'), null);
    const href = await open.getAttribute('href');
    assert.ok(href, 'no download link');
    const res = await fetch(href);
    assert.equal(res.status, 200);
    assert.ok(Buffer.from(await res.arrayBuffer()).equals(pdf), 'the downloaded bytes differ from the uploaded PDF');
    assert.match(href, /#page=7$/);

    // Feedback is stored; the history lists the analysis; the header balance went down.
    await page.getByRole('button', { name: 'Helpful', exact: true }).click();
    await page.getByRole('textbox', { name: 'Comment' }).fill('Exactly the page I needed.');
    await page.getByRole('button', { name: 'Send comment' }).click();
    await page.getByText('Thanks, noted.').waitFor();
    const feedback = await suite.server.deps.knex('analysis_feedback').first();
    assert.equal(feedback?.rating, 'up');
    assert.equal(feedback?.comment, 'Exactly the page I needed.');

    await page.waitForFunction((was) => Number((document.querySelector('[data-testid=token-balance]')?.textContent ?? '').replace(/\D/g, '')) < was, before);
    await page.getByRole('tab', { name: 'History' }).click();
    await page.getByTestId('history-item').first().waitFor();
    assert.match((await page.getByTestId('history-item').first().textContent()) ?? '', /Explain the May revenue spike/);
  });

  it('flags a citation whose quote was read by OCR from a scanned page', async () => {
    const archivist = await userWithProject(suite.server.url, 'Grace Hopper');
    const minutes = await makeScannedPdf([
      { text: ['Board minutes, May meeting', ...fillerLines(11)] },
      { scan: ['The May revenue spike to 9100 came from the Contoso licence deal.', ...fillerLines(12, 6)] },
    ]);
    await uploadReady(suite.server.url, archivist.token, archivist.projectId, 'board-minutes.pdf', minutes, 'application/pdf');
    await uploadReady(suite.server.url, archivist.token, archivist.projectId, 'sales.csv', Buffer.from('Month,Revenue\nApr,1480\nMay,9100\n'), 'text/csv');
    const page = await pages.open();
    await openCsv(page, archivist);
    await cell(page, 'A1').click();
    await cell(page, 'B3').click({ modifiers: ['Shift'] });
    await page.getByTestId('prompt-input').fill('Explain the May revenue spike and the Contoso licence deal');
    await page.getByRole('button', { name: 'Analyse' }).click();
    const scanned = page.getByTestId('citation').filter({ hasText: 'board-minutes.pdf, page 2' });
    await scanned.first().waitFor({ timeout: 60_000 });
    assert.equal(await scanned.first().getByTestId('citation-ocr').textContent(), 'Scanned · OCR');
    assert.match((await scanned.first().getByTestId('citation-ocr').getAttribute('title')) ?? '', /read by OCR/);
    assert.match((await page.getByTestId('answer-text').textContent()) ?? '', /board-minutes\.pdf, p\. 2 \(scanned page, read by OCR\)/);
    await screenshot(page, 'analyse-ocr-citation-1280');
  });

  it('shows example prompts that fill the prompt box, and fits a 375 px screen', async () => {
    const page = await pages.open(PHONE);
    await openCsv(page);
    const examples = page.getByRole('group', { name: 'Example prompts' }).getByRole('button');
    await examples.first().waitFor();
    const first = (await examples.first().textContent()) ?? '';
    await examples.first().click();
    assert.equal(await page.getByTestId('prompt-input').inputValue(), first);
    assert.equal(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth), 0, 'sideways scroll at 375 px');
    await screenshot(page, 'analyse-375');
  });
});
