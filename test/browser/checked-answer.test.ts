/**
 * A checked answer in the web app, in Chromium against the real backend with a model that fabricates (an
 * OpenAI-compatible fake on 127.0.0.1): the unsupported statement is flagged with its reason and counted in
 * the summary line, [B6] selects B6 in the grid, [P1] is labelled [P1] in the sources too, "what was read"
 * lists the passages, and the stable /d/<id>?page=N link opens the PDF after sign-in, or says the document
 * was deleted.
 */
import assert from 'node:assert/strict';
import type { Page, Response } from 'playwright-core';
import type { Analysis } from '../../api-client/src/analysis.js';
import { screenshot } from '../support/browser.js';
import { FABRICATED, fabricatingModelSuite, SALES_QUESTION, uploadSalesReport } from '../support/checked-answer.js';
import { apiCall, logIn, PHONE, userWithProject } from '../support/webapp.js';

describe('web app: checked answers and stable document links (browser)', function () {
  this.timeout(180_000);

  const suite = fabricatingModelSuite();
  const { pages } = suite;
  let owner: Awaited<ReturnType<typeof userWithProject>>;
  let pdfId: string;
  let pdf: Buffer;

  before(async function () {
    owner = await userWithProject(suite.server.url, 'Ida Tarbell');
    ({ pdfId, pdf } = await uploadSalesReport(suite.server.url, owner));
  });

  const cell = (page: Page, address: string) => page.locator(`[data-cell="${address}"]`);

  async function analyse(page: Page) {
    await logIn(page, owner.user);
    await page.goto(`/projects/${owner.projectId}`);
    await page.getByTestId('document-row').first().waitFor();
    await page.getByRole('combobox', { name: 'Open a document as a table' }).selectOption({ label: 'sales.csv' });
    await page.getByTestId('sheet-grid').waitFor();
    await cell(page, 'A1').click();
    await cell(page, 'C7').click({ modifiers: ['Shift'] });
    await page.getByTestId('prompt-input').fill(SALES_QUESTION);
    await page.getByRole('button', { name: 'Analyse' }).click();
    await page.getByTestId('citation').first().waitFor({ timeout: 60_000 });
  }

  /** The finished analysis the stream's `done` event carried (read once the stream has ended). */
  async function doneAnalysis(res: Response): Promise<Analysis> {
    const json = /^event: done\ndata: (.*)$/m.exec(await res.text())?.[1];
    assert.ok(json, 'the stream had no done event');
    return (JSON.parse(json) as { analysis: Analysis }).analysis;
  }

  it('flags the made-up statement with its reason, counts the checks, and labels sources as the text cites them', async () => {
    const page = await pages.open();
    const response = page.waitForResponse((r) => r.url().endsWith('/api/v1/analyses') && r.request().method() === 'POST');
    await analyse(page);
    const analysis = await doneAnalysis(await response);
    // The backend's checker caught the made-up figure (and only that statement).
    const unsupported = analysis.claims.filter((c) => c.verdict === 'unsupported');
    assert.deepEqual(unsupported.map((c) => c.text.slice(0, FABRICATED.length)), [FABRICATED]);
    const supported = analysis.claims.filter((c) => c.verdict === 'supported').length;
    assert.ok(supported >= 1, JSON.stringify(analysis.claims));

    const summary = page.getByTestId('claims-summary');
    await summary.waitFor();
    assert.match((await summary.textContent()) ?? '', new RegExp(`^${supported} of ${analysis.claims.length} statements checked against their sources · 1 not found in its sources`));
    const flags = page.getByTestId('claim-flag');
    assert.equal(await flags.count(), 1);
    // Visible without hovering (touch, screen readers), and on hover too.
    const reason = unsupported[0].reason ?? '';
    assert.ok(reason.length > 10, `no reason given: ${reason}`);
    assert.equal(await flags.textContent(), `Not found in its sources: ${reason}`);
    assert.ok(await flags.isVisible());
    assert.equal(await flags.getAttribute('title'), reason);
    assert.equal(await flags.getAttribute('role'), 'note');
    // The flag stands right after the made-up sentence, not after a supported one.
    const text = (await page.getByTestId('answer-text').textContent()) ?? '';
    assert.ok(text.indexOf('Not found in its sources') > text.indexOf(FABRICATED), text);
    assert.ok(text.indexOf('Not found in its sources') > text.indexOf('Contoso licence deal'));
    // The statement itself is highlighted: that sentence, not the one before it.
    const marked = page.getByTestId('flagged-sentence');
    assert.equal(await marked.count(), 1);
    assert.match((await marked.textContent()) ?? '', new RegExp(`^${FABRICATED} \\[P\\d+\\]\\.\\s*$`));

    // The sources list labels each citation by the id the text uses, and [P1] in the text jumps to it.
    const cited = page.getByTestId('citation');
    const id = await cited.first().getAttribute('data-citation');
    assert.match(id ?? '', /^P\d+$/);
    assert.match((await cited.first().getByTestId('citation-source').textContent()) ?? '', new RegExp(`^\\[${id}\\] annual-report\\.pdf, page 7$`));
    const sourceLinks = page.getByTestId('source-link');
    assert.deepEqual([...new Set(await sourceLinks.allTextContents())], [id]);
    await sourceLinks.first().click();
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('data-citation')), id);
    const open = cited.first().getByTestId('citation-download');
    assert.equal((await open.textContent())?.trim(), 'Open page 7');
    assert.match((await open.getAttribute('href')) ?? '', /\/file\?.*#page=7$/);

    // What was read: collapsed to one line, then every passage with its document, page and a link.
    const read = page.getByTestId('what-was-read');
    const n = analysis.read.length;
    assert.ok(n >= 1);
    const docs = new Set(analysis.read.map((r) => r.documentId)).size;
    assert.match((await read.textContent()) ?? '', new RegExp(`^Read ${n} passages? from ${docs} documents? and 21 cells`));
    await read.getByRole('button').first().click();
    const passage = read.getByTestId('read-passage').filter({ hasText: 'annual-report.pdf, page 7' });
    await passage.first().waitFor();
    assert.equal(await read.getByTestId('read-passage').count(), n);
    assert.match((await passage.first().getByRole('link').getAttribute('href')) ?? '', new RegExp(`/d/${pdfId}\\?page=7$`));
    assert.match((await read.getByTestId('read-cells').textContent()) ?? '', /A1:C7/);
    await screenshot(page, 'checked-answer-1280');
    // On a phone the flag and the reason wrap with the text: nothing scrolls sideways.
    await page.setViewportSize(PHONE);
    await flags.scrollIntoViewIfNeeded();
    assert.equal(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth), 0, 'sideways scroll at 375 px');
    await screenshot(page, 'checked-answer-375');
  });

  it('selects the cited cell in the grid and scrolls it into view when [B6] is clicked', async () => {
    const page = await pages.open();
    await analyse(page);
    await cell(page, 'A2').click(); // move the selection away from what the answer cites
    const b6 = page.getByTestId('cell-link').filter({ hasText: /^B6$/ });
    await b6.first().click();
    await page.waitForFunction(() => document.querySelector('[data-cell="B6"]')?.getAttribute('aria-selected') === 'true');
    assert.equal(await cell(page, 'A2').getAttribute('aria-selected'), 'false');
    assert.match((await page.getByTestId('selection-summary').textContent()) ?? '', /Selected B6 · 1 cell$/);
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('data-testid')), 'sheet-grid');
    // The answer sits below the table: the page scrolled back up so the selected cell is in view.
    const box = await cell(page, 'B6').boundingBox();
    const viewport = page.viewportSize();
    assert.ok(box && viewport && box.y >= 0 && box.y + box.height <= viewport.height, `B6 is out of view: ${JSON.stringify(box)}`);
    // Another table on screen: the link says where the cell is instead of selecting the wrong one.
    await page.getByRole('button', { name: 'Paste cells' }).click();
    await page.getByTestId('paste-input').fill('x\ty\n1\t2');
    await page.getByRole('button', { name: 'Use these cells' }).click();
    await b6.first().click();
    assert.match((await page.getByTestId('cell-link-note').textContent()) ?? '', /B6 is in sales\.csv .*; the table shows Pasted cells/);
  });

  it('opens /d/<id>?page=2 after sign-in at a fresh signed link to the PDF, and says so once the document is deleted', async () => {
    const page = await pages.open();
    await page.goto(`/d/${pdfId}?page=2`);
    await page.waitForURL(/\/login$/);
    await page.locator('input[name=email]').fill(owner.user.email);
    await page.locator('input[name=password]').fill(owner.user.password);
    const pdfResponse = page.waitForResponse((r) => r.url().includes(`/api/v1/documents/${pdfId}/file?`));
    await page.getByRole('button', { name: 'Sign in' }).click();
    const res = await pdfResponse;
    assert.equal(res.status(), 200);
    assert.equal(res.headers()['content-type'], 'application/pdf');
    // Chromium hands the body to its PDF viewer; the very URL it opened, fetched again, is the uploaded file.
    assert.ok(Buffer.from(await (await fetch(res.url())).arrayBuffer()).equals(pdf), 'the link opened another file');
    // The tab itself is now at the signed link, at the page.
    await page.waitForURL(new RegExp(`/api/v1/documents/${pdfId}/file\\?.+#page=2$`));

    // Deleted: the same link now explains itself.
    const token = (await apiCall<{ accessToken: string }>(suite.server.url, 'POST', '/auth/login', { email: owner.user.email, password: owner.user.password, client: 'addin' })).accessToken;
    await fetch(`${suite.server.url}/api/v1/documents/${pdfId}`, { method: 'DELETE', headers: { Authorization: `Bearer ${token}` } });
    await suite.server.deps.activity.flush();
    const again = await pages.open();
    await logIn(again, owner.user);
    await again.goto(`/d/${pdfId}?page=2`);
    const problem = again.getByTestId('document-link-problem');
    await problem.waitFor();
    assert.match((await problem.textContent()) ?? '', /^This document was deleted/);
    await screenshot(again, 'document-link-deleted-1280');

    // Not a document id (the router decodes "%3F" to "?"): no API request built from it, just "not found".
    const asked: string[] = [];
    again.on('request', (r) => {
      if (r.url().includes('/api/v1/documents/')) asked.push(r.url());
    });
    await again.goto('/d/not-a-document%3Fx%3D1');
    await again.getByTestId('document-link-problem').getByText('Document not found').waitFor();
    assert.deepEqual(asked, []);
  });
});
