/**
 * The Excel task pane catching up with the web app (issue 28): the cost before Analyse, a template's own
 * variables asked for in a form, thumbs up/down with a comment and a corrected answer, and the shared
 * client's words (flags, the citations table) in Korean. The built pane, the real backend, a stand-in office.js.
 */
import assert from 'node:assert/strict';
import type { Page, Request, Route } from 'playwright-core';
import type { AnalysisQuote, CreateAnalysisRequest } from '@intellio/api-client';
import {
  addinSuite,
  assertSupplierFilled,
  BIG,
  COMPLAINT,
  openTaskPane,
  REGIONS,
  supplierAccount,
  type SupplierAccount,
} from '../support/addin.js';
import { screenshot } from '../support/browser.js';
import { ensureBuilt, excelLog, type StandInArea, type StandInOptions } from '../support/office.js';

const PANE = { width: 350, height: 1000 };

describe('Excel task pane: quote, template variables, feedback, Korean words (browser)', function () {
  this.timeout(240_000);

  const suite = addinSuite({
    build: () => ensureBuilt('addin-excel', 'dist/excel/taskpane.html', ['src', 'public', 'vite.config.ts']),
    what: 'the task pane',
  });
  const user = {
    name: 'Grace Hopper',
    email: `grace.${Date.now()}@example.com`,
    password: 'compiler-a0-1952',
  };
  let account: SupplierAccount;

  before(async () => {
    account = await supplierAccount(suite.server, user);
  });

  /** Quote requests pass to the server only once `release` is called: the test sees the pane before they are answered. */
  async function gateQuotes(page: Page): Promise<{ release: () => void; bodies: CreateAnalysisRequest[] }> {
    let release!: () => void;
    const open = new Promise<void>((resolve) => (release = resolve));
    const bodies: CreateAnalysisRequest[] = [];
    await page.route('**/api/v1/analyses/quote', async (route: Route, request: Request) => {
      bodies.push(request.postDataJSON() as CreateAnalysisRequest);
      await open;
      return route.continue();
    });
    return { release, bodies };
  }

  async function openPane(
    areas: StandInArea[] = [REGIONS],
    host: Omit<StandInOptions, 'sheet' | 'areas'> = {},
  ): Promise<Page> {
    const page = await openTaskPane(suite, PANE, { sheet: 'Sheet1', areas, ...host });
    await page.getByTestId('sign-in').waitFor();
    await page.locator('input[name=email]').fill(user.email);
    await page.locator('input[name=password]').fill(user.password);
    await page.locator('button[type=submit]').click();
    await page.getByTestId('workspace').waitFor();
    await page
      .getByTestId('project-picker')
      .locator(`option[value="${account.projectId}"]`)
      .waitFor({ state: 'attached' });
    return page;
  }

  /** What the server quotes for a request the pane sent. */
  const serverQuote = (body: CreateAnalysisRequest) => account.api<AnalysisQuote>('POST', '/analyses/quote', body);

  it("shows the local price at once, then the server's quote, and asks again when the selection changes", async () => {
    const config = await account.api<{ localAnalystPrice: { baseTokens: number; tokensPer1kCells: number } | null }>(
      'GET',
      '/config',
    );
    assert.ok(config.localAnalystPrice, 'the test server answers with the local analyst');
    const page = await openPane();
    const gate = await gateQuotes(page);
    await page.getByTestId('prompt').fill('Which region leads?');
    // Before any answer from the server: the local analyst's price for 6 cells (20 + ceil(6 × 50 / 1000)).
    await page
      .locator('[data-testid=quote][data-source=local]')
      .getByText('Local analyst: 21 tokens')
      .waitFor();
    gate.release();
    const quote = page.locator('[data-testid=quote][data-source=server]');
    await quote.waitFor();
    const first = await serverQuote(gate.bodies.at(-1) as CreateAnalysisRequest);
    assert.equal(Number(await quote.getAttribute('data-estimate')), first.estimatedTokens);
    assert.match(
      await quote.innerText(),
      new RegExp(
        `${first.estimatedTokens.toLocaleString('en-US')} tokens.* · ${first.balanceAfter.toLocaleString('en-US')} tokens left after it`,
      ),
    );
    assert.equal(await page.getByTestId('quote-warning').count(), 0);
    assert.equal(gate.bodies.at(-1)?.prompt, 'Which region leads?');

    // A new selection: a new quote, of the new cells.
    const asked = gate.bodies.length;
    await page.evaluate(
      (area) => (window as unknown as { __select: (a: unknown[]) => void }).__select([area]),
      BIG,
    );
    await page.getByTestId('selection').getByText('Sheet1 · 3,000 cells').waitFor();
    await page.waitForFunction((n) => {
      const shown = document
        .querySelector('[data-testid=quote][data-source=server]')
        ?.getAttribute('data-estimate');
      return Boolean(shown) && shown !== n;
    }, String(first.estimatedTokens));
    assert.ok(gate.bodies.length > asked);
    const second = await serverQuote(gate.bodies.at(-1) as CreateAnalysisRequest);
    assert.equal(second.basis.cells, 3000);
    assert.equal(Number(await quote.getAttribute('data-estimate')), second.estimatedTokens);
    assert.notEqual(second.estimatedTokens, first.estimatedTokens);
    await screenshot(page, 'excel-pane-quote-350');
  });

  it('keeps to the local price, with no error, when the server has no quote endpoint (404)', async () => {
    const page = await openPane();
    await page.route('**/api/v1/analyses/quote', (route) =>
      route.fulfill({
        status: 404,
        contentType: 'application/json',
        body: JSON.stringify({ error: { code: 'not_found', message: 'Not found.', details: null } }),
      }),
    );
    const refused = page.waitForResponse(
      (r) => r.url().endsWith('/api/v1/analyses/quote') && r.status() === 404,
    );
    await page.getByTestId('prompt').fill('Which region leads?');
    await refused;
    // Two frames after the 404 arrived the pane has handled it: still the local price, and no error anywhere.
    await page.evaluate(
      () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))),
    );
    await page
      .locator('[data-testid=quote][data-source=local]')
      .getByText('Local analyst: 21 tokens')
      .waitFor();
    assert.equal(await page.getByTestId('pane-error').count(), 0);
    assert.equal(await page.getByTestId('quote-warning').count(), 0);
  });

  it('warns before Analyse when the balance would not cover the run', async () => {
    await account.withBalance(5, 'pane-quote', async () => {
      const page = await openPane();
      const gate = await gateQuotes(page);
      gate.release();
      await page.getByTestId('prompt').fill('Which region leads?');
      await page
        .getByTestId('quote-warning')
        .getByText(/Your balance \(5 tokens\) may not cover this run: it can cost up to \d+ tokens/)
        .waitFor();
    });
  });

  it("asks for a template's variables: Analyse is blocked while one is empty, and the value reaches the analysis", async () => {
    const page = await openPane();
    const posts: Record<string, unknown>[] = [];
    page.on('request', (r) => {
      if (r.url().endsWith('/api/v1/analyses') && r.method() === 'POST')
        posts.push(r.postDataJSON() as Record<string, unknown>);
    });
    await page.getByTestId('template-picker').selectOption(account.templateId);
    await page.getByTestId('variables').waitFor();
    await page.getByTestId('analyse').click();
    await page.getByText('Fill in the template first: supplier.').waitFor();
    assert.equal(posts.length, 0, 'Analyse sent a run with an empty variable');

    await page.getByTestId('variable-supplier').fill('Northwind');
    await page.getByTestId('analyse').click();
    await page.getByTestId('feedback').waitFor({ timeout: 60_000 });
    assert.equal(posts.length, 1);
    assert.deepEqual(posts[0].variables, { supplier: 'Northwind' });
    assert.equal(posts[0].templateId, account.templateId);
    // The analysis as stored: the template's placeholder filled, never sent as literal text.
    assertSupplierFilled(await account.latestAnalysis(), account, 'Northwind');
    await screenshot(page, 'excel-pane-variables-350');
  });

  it("shows the server's 400 naming a variable the pane did not know of", async () => {
    const page = await openPane();
    await page.getByTestId('template-picker').selectOption(account.templateId);
    await page.getByTestId('variable-supplier').fill('Northwind');
    // Edited elsewhere after the pane listed it: the server now wants {{region}} too.
    await account.withRegionVariable(async () => {
      await page.getByTestId('analyse').click();
      await page
        .getByTestId('pane-error')
        .getByText(/region/)
        .waitFor();
      assert.doesNotMatch(await page.getByTestId('pane-error').innerText(), /supplier/);
    });
  });

  it('takes thumbs down with a comment and a corrected answer, thanks, and the server has them', async () => {
    const page = await openPane();
    await page.getByTestId('template-picker').selectOption(account.templateId);
    await page.getByTestId('variable-supplier').fill('Contoso');
    await page.getByTestId('analyse').click();
    await page.getByTestId('feedback').waitFor({ timeout: 60_000 });
    await page.getByTestId('feedback-down').click();
    await page.getByTestId('feedback-comment').fill(COMPLAINT.comment);
    await page.getByTestId('feedback-corrected').fill(COMPLAINT.corrected);
    await page.getByTestId('feedback-send').click();
    await page
      .getByTestId('feedback-thanks')
      .getByText('Thank you. Your feedback helps the answers get better.')
      .waitFor();
    assert.equal(await page.getByTestId('feedback').count(), 0);

    // Through the API and the table: the thumbs-down counted, its comment listed, the correction kept.
    await account.assertComplaint((await account.latestAnalysis()).id);
  });

  it('speaks Korean: the quote, the variables form, feedback, and the cells it writes', async () => {
    const page = await openPane([REGIONS], { displayLanguage: 'ko-KR' });
    const gate = await gateQuotes(page);
    await page.getByTestId('prompt').fill('어느 지역이 앞서나요?');
    await page.locator('[data-testid=quote][data-source=local]').getByText('로컬 분석기: 21토큰').waitFor();
    gate.release();
    await page
      .locator('[data-testid=quote][data-source=server]')
      .getByText(/토큰 남음$/)
      .waitFor();
    await page.getByTestId('template-picker').selectOption(account.templateId);
    await page.getByTestId('variables').getByText('템플릿 항목 채우기').waitFor();
    await page.getByTestId('analyse').click();
    await page.getByText('먼저 템플릿 항목을 채우세요: supplier.').waitFor();
    await page.getByTestId('variable-supplier').fill('Northwind');
    await page.getByTestId('analyse').click();
    await page.getByTestId('feedback').getByText('이 답변이 도움이 되었나요?').waitFor({ timeout: 60_000 });
    assert.equal(await page.getByTestId('feedback-up').getAttribute('aria-label'), '도움이 됨');
    await page.getByTestId('feedback-up').click();
    await page.getByTestId('feedback-send').click();
    await page
      .getByTestId('feedback-thanks')
      .getByText(/감사합니다/)
      .waitFor();

    // Inserted with its citations: the table's headers and the link's tip in Korean.
    await page.getByTestId('insert-answer').click();
    await page.getByTestId('insert-done').waitFor();
    const log = await excelLog(page);
    const rows = log.writes.at(-1)?.values ?? [];
    assert.ok(
      rows.some(
        (r) => r[0] === '번호' && r[1] === '문서' && r[2] === '쪽' && r[3] === '인용' && r[4] === '링크',
      ),
      `no Korean citations header in ${JSON.stringify(rows)}`,
    );
    assert.equal(log.hyperlinks.at(-1)?.screenTip, 'Intellio에서 supplier-notes.txt 열기');
    await screenshot(page, 'excel-pane-feedback-korean-350');
  });
});
