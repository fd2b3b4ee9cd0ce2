/**
 * The Google Sheets sidebar catching up with the web app (issue 28): the cost before Analyse, a template's
 * own variables, thumbs up/down with a comment and a corrected answer, and Korean words in the sidebar and in
 * the cells Code.js writes. The built Sidebar.html in Chromium, its google.script.run calling the built
 * Code.js (Apps Script doubles in a worker, support/sheets.ts), whose UrlFetchApp reaches the real backend.
 */
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import type { AnalysisQuote, CreateAnalysisRequest } from '@intellio/api-client';
import {
  addinSuite,
  assertSupplierFilled,
  BIG as BIG_AREA,
  COMPLAINT,
  REGIONS as REGIONS_AREA,
  supplierAccount,
  type SupplierAccount,
} from '../support/addin.js';
import { screenshot } from '../support/browser.js';
import { ensureBuilt } from '../support/office.js';
import { startSheetsBridge, type SheetsBridge } from '../support/sheets.js';

const REGIONS = REGIONS_AREA.values;
const BIG = BIG_AREA.values;

describe('Google Sheets sidebar: quote, template variables, feedback, Korean words (browser, real backend)', function () {
  this.timeout(240_000);

  const bridges: SheetsBridge[] = [];
  const suite = addinSuite({
    build: () => ensureBuilt('addin-sheets', 'dist/Sidebar.html', ['src', 'appsscript.json', 'scripts']),
    what: 'the sidebar',
    closeFirst: async () => {
      await Promise.all(bridges.splice(0).map((b) => b.close()));
    },
  });
  const user = {
    name: 'Katherine Johnson',
    email: `katherine.${Date.now()}@example.com`,
    password: 'trajectory-1962-orbit',
  };
  let account: SupplierAccount;
  /** Quote requests held until the test lets them through (the sidebar is looked at before they are answered). */
  let quotesOpen: Promise<void> = Promise.resolve();
  /** Answer quote requests as a server older than the endpoint does (404). */
  let quoteMissing = false;
  let quoteRefused = () => undefined as void;

  before(async () => {
    account = await supplierAccount(suite.server, user);
  });

  /** A signed-in sidebar over a selection of the Data sheet, with Google's locale as given. */
  async function openSidebar(
    values: (string | number | boolean)[][] = REGIONS,
    userLocale = 'en',
  ): Promise<{ page: Page; bridge: SheetsBridge }> {
    const bridge = await startSheetsBridge({
      apiUrl: suite.server.url,
      userLocale,
      // Quote requests wait until the test has seen the sidebar without them, then go to the server.
      hold: async (call) => {
        if (!call.url.endsWith('/api/v1/analyses/quote')) return undefined;
        await quotesOpen;
        if (!quoteMissing) return undefined;
        quoteRefused();
        return {
          status: 404,
          body: JSON.stringify({ error: { code: 'not_found', message: 'Not found.', details: null } }),
        };
      },
    });
    bridges.push(bridge);
    await bridge.select(`A1:${String.fromCharCode(64 + values[0].length)}${values.length}`, values);
    const page = await suite.open({ viewport: { width: 300, height: 1100 } });
    await bridge.open(page);
    await page.locator('#sign-in').waitFor();
    await page.fill('#email', user.email);
    await page.fill('#password', user.password);
    await page.click('#sign-in button[type=submit]');
    await page.locator('#workspace').waitFor();
    await page.locator(`#project option[value="${account.projectId}"]`).waitFor({ state: 'attached' });
    await page.locator(`#template option[value="${account.templateId}"]`).waitFor({ state: 'attached' });
    return { page, bridge };
  }

  function holdQuotes(): () => void {
    let release!: () => void;
    quotesOpen = new Promise<void>((resolve) => (release = resolve));
    return release;
  }

  const quoteCalls = (bridge: SheetsBridge) =>
    bridge.fetches.filter((f) => f.url.endsWith('/api/v1/analyses/quote'));
  const serverQuote = (body: CreateAnalysisRequest) => account.api<AnalysisQuote>('POST', '/analyses/quote', body);

  it("shows the local price at once, then the server's quote, and asks again for a new selection", async () => {
    const release = holdQuotes();
    const { page, bridge } = await openSidebar();
    await page.fill('#prompt', 'Which region leads?');
    await page.locator('#quote[data-source=local]').getByText('Local analyst: 21 tokens').waitFor();
    release();
    await page.locator('#quote[data-source=server]').waitFor();
    const first = await serverQuote(quoteCalls(bridge).at(-1)?.body as CreateAnalysisRequest);
    assert.equal(
      await page.locator('#quote').innerText(),
      `${first.low === first.high ? `This run: ${first.estimatedTokens} tokens` : `About ${first.estimatedTokens} tokens (between ${first.low} and ${first.high})`} · ${first.balanceAfter.toLocaleString('en-US')} tokens left after it`,
    );
    assert.equal(await page.locator('#quote-warning').isHidden(), true);
    assert.equal((quoteCalls(bridge).at(-1)?.body as { source: string }).source, 'sheets');

    // Selecting other cells and refreshing: a new quote, of the new cells.
    await bridge.select('A1:AD100', BIG);
    await page.click('#refresh-selection');
    await page
      .locator('#selection')
      .getByText(/3,000 cells/)
      .waitFor();
    await page.waitForFunction(
      (text) => {
        const quote = document.getElementById('quote');
        return quote?.dataset.source === 'server' && quote.textContent !== text;
      },
      await page.locator('#quote').innerText(),
    );
    const second = await serverQuote(quoteCalls(bridge).at(-1)?.body as CreateAnalysisRequest);
    assert.equal(second.basis.cells, 3000);
    assert.match(
      await page.locator('#quote').innerText(),
      new RegExp(second.estimatedTokens.toLocaleString('en-US')),
    );
    await screenshot(page, 'sheets-sidebar-quote-300');
    await page.close();
  });

  it('warns before Analyse when the balance would not cover the run', async () => {
    await account.withBalance(5, 'sidebar-quote', async () => {
      const { page } = await openSidebar();
      await page.fill('#prompt', 'Which region leads?');
      await page
        .locator('#quote-warning')
        .getByText(/Your balance \(5 tokens\) may not cover this run: it can cost up to \d+ tokens/)
        .waitFor();
      await page.close();
    });
  });

  it("asks for a template's variables, blocks Analyse while one is empty, runs with the value, and takes feedback", async () => {
    const { page, bridge } = await openSidebar();
    await page.selectOption('#template', account.templateId);
    await page.locator('#variables').waitFor();
    await page.click('#analyse');
    await page.locator('#error').getByText('Fill in the template first: supplier.').waitFor();
    assert.equal(
      bridge.fetches.filter((f) => f.url.endsWith('/api/v1/analyses') && f.method === 'post').length,
      0,
    );

    await page.fill('#variable-supplier', 'Northwind');
    await page.click('#analyse');
    await page.locator('#feedback').waitFor({ timeout: 60_000 });
    const sent = bridge.fetches.filter((f) => f.url.endsWith('/api/v1/analyses') && f.method === 'post');
    assert.equal(sent.length, 1);
    assert.deepEqual((sent[0].body as { variables: unknown }).variables, { supplier: 'Northwind' });
    const latest = await account.latestAnalysis();
    assert.equal(latest.source, 'sheets');
    assertSupplierFilled(latest, account, 'Northwind');

    await page.click('#feedback-down');
    await page.fill('#feedback-comment', COMPLAINT.comment);
    await page.fill('#feedback-corrected', COMPLAINT.corrected);
    await page.click('#feedback-send');
    await page
      .locator('#feedback-thanks')
      .getByText('Thank you. Your feedback helps the answers get better.')
      .waitFor();
    assert.equal(await page.locator('#feedback').isHidden(), true);
    await account.assertComplaint(latest.id);
    await screenshot(page, 'sheets-sidebar-feedback-300');
    await page.close();
  });

  it("shows the server's 400 naming a variable the sidebar did not know of", async () => {
    const { page } = await openSidebar();
    await page.selectOption('#template', account.templateId);
    await page.fill('#variable-supplier', 'Northwind');
    await account.withRegionVariable(async () => {
      await page.click('#analyse');
      await page
        .locator('#error')
        .getByText(/region/)
        .waitFor();
      assert.doesNotMatch(await page.locator('#error').innerText(), /supplier/);
    });
    await page.close();
  });

  it('keeps to the local price, with no error, when the server has no quote endpoint (404)', async () => {
    quoteMissing = true;
    const refused = new Promise<void>((resolve) => (quoteRefused = resolve));
    try {
      const { page } = await openSidebar();
      await page.fill('#prompt', 'Which region leads?');
      await refused;
      // The 404 reached the sidebar before this later call's answer (Code.js answers in order): the local
      // price stays, and nothing is an error.
      await page.click('#refresh-selection');
      await page.waitForFunction(
        () => !(document.getElementById('refresh-selection') as HTMLButtonElement).disabled,
      );
      await page.locator('#quote[data-source=local]').getByText('Local analyst: 21 tokens').waitFor();
      assert.equal(await page.locator('#error').isHidden(), true);
      assert.equal(await page.locator('#quote-warning').isHidden(), true);
      await page.close();
    } finally {
      quoteMissing = false;
    }
  });

  it('speaks Korean: the quote, the variables form, feedback, and the cells Code.js writes', async () => {
    const release = holdQuotes();
    const { page, bridge } = await openSidebar(REGIONS, 'ko');
    await page.fill('#prompt', '어느 지역이 앞서나요?');
    await page.locator('#quote[data-source=local]').getByText('로컬 분석기: 21토큰').waitFor();
    release();
    await page
      .locator('#quote[data-source=server]')
      .getByText(/토큰 남음$/)
      .waitFor();
    await page.selectOption('#template', account.templateId);
    await page.locator('#variables').getByText('템플릿 항목 채우기').waitFor();
    await page.click('#analyse');
    await page.locator('#error').getByText('먼저 템플릿 항목을 채우세요: supplier.').waitFor();
    await page.fill('#variable-supplier', 'Contoso');
    await page.click('#analyse');
    await page.locator('#feedback').getByText('이 답변이 도움이 되었나요?').waitFor({ timeout: 60_000 });
    assert.equal(await page.locator('#feedback-up').getAttribute('aria-label'), '도움이 됨');
    await page.click('#feedback-up');
    await page.click('#feedback-send');
    await page
      .locator('#feedback-thanks')
      .getByText(/감사합니다/)
      .waitFor();

    // Inserted on a new sheet with its citations: Code.js writes the table's headers in Korean.
    await page.click('#insert-answer');
    await page.locator('#insert-done').waitFor();
    const cells = Object.values((await bridge.cells('Intellio 답변')) ?? {});
    for (const header of ['번호', '문서', '쪽', '인용', '링크'])
      assert.ok(cells.includes(header), `no "${header}" in ${JSON.stringify(cells)}`);
    await screenshot(page, 'sheets-sidebar-korean-300');
    await page.close();
  });
});
