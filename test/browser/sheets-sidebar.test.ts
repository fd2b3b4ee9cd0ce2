/**
 * The built Google Sheets sidebar (addin-sheets/dist/Sidebar.html, as HtmlService serves it) in Chromium,
 * with a google.script.run stand-in that records every server call and answers like Code.js does
 * (Code.js itself is tested in addin-sheets/test against Apps Script doubles).
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { collectPageErrors, launchBrowser, requireBrowser, screenshot } from '../support/browser.js';
import { ensureBuilt } from '../support/office.js';

const SIDEBAR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'addin-sheets', 'dist', 'Sidebar.html');
/** The stand-in server's answer: Markdown with a line break, a list, bold, and raw HTML that must never run. */
const ANSWER = 'North leads.\nSouth follows.\n\n- **Total** 2,150\n\n<img src=x onerror="window.pwned=1">';

// Plain JavaScript source (injected as text, so no TypeScript helpers leak into the page).
const GOOGLE_SCRIPT_RUN = `
(() => {
  const calls = [];
  const citation = { id: 'c1', documentName: 'Annual report.pdf', page: 4, quote: 'North grew 26%.', ocr: false, url: 'https://intellio.test/api/v1/documents/d1/file?s=x#page=4' };
  const scanned = { id: 'c2', documentName: 'Board minutes.pdf', page: 2, quote: 'South lost the port contract.', ocr: true, url: 'https://intellio.test/api/v1/documents/d2/file?s=x#page=2' };
  // A checked analysis: claims (one unsupported), what was read, its selection, stable app links.
  const p1 = { id: 'P1', documentId: 'd1', documentName: 'Annual report.pdf', page: 4, quote: 'North grew 26%.', ocr: false, url: 'https://intellio.test/api/v1/documents/d1/file?s=x#page=4', appUrl: 'https://intellio.test/d/d1?page=4' };
  const p2 = { id: 'P2', documentId: 'd2', documentName: 'Board minutes.pdf', page: 2, quote: 'South lost the port contract.', ocr: false, url: 'https://intellio.test/api/v1/documents/d2/file?s=x#page=2', appUrl: 'https://intellio.test/d/d2?page=2' };
  const checked = {
    id: 'a2', status: 'succeeded',
    answer: 'North leads with 1,200 [B2] [P1].\\nSouth fell 40% in March [P2].\\nThe plan is on [Plan!C4].',
    citations: [p1, p2],
    claims: [
      { text: 'North leads with 1,200.', verdict: 'supported', sources: [{ type: 'cell', address: 'B2' }] },
      { text: 'South fell 40% in March.', verdict: 'unsupported', sources: [{ type: 'passage', citation: 'P2', documentId: 'd2', page: 2 }], reason: '40% is not in P2' },
    ],
    read: [p1, p2, { ...p1, id: 'P3', page: 5 }],
    selection: { sheet: 'Data', ranges: [{ address: 'A1:B3' }, { address: 'D1:D3' }] },
    cellCount: 9,
    error: null,
  };
  let signedIn = false;
  const server = {
    // Google's locales for the user and the spreadsheet (a test sets window.__locales before the page loads).
    getLocales: () => window.__locales || ['en_US'],
    getSession: () => (signedIn ? { email: 'ada@example.com', language: null } : null),
    signIn: (email, password) => {
      if (password !== 'right') throw new Error(window.__locales && window.__locales[0] === 'ko' ? '이메일 또는 비밀번호가 올바르지 않습니다.' : 'Email or password is incorrect.');
      // An account with MFA: the challenge stays in Code.js; the sidebar is only told to ask for the code.
      if (email.startsWith('mfa')) return { mfaRequired: true };
      signedIn = true;
      return { mfaRequired: false, user: { email, language: null } };
    },
    verifyMfa: (input) => {
      if (input.code !== '123456' && input.recoveryCode !== 'abcd-efgh') throw new Error('That code is not right.');
      signedIn = true;
      return { mfaRequired: false, user: { email: 'mfa@example.com', language: null } };
    },
    signOut: () => { signedIn = false; },
    callApi: (p) => {
      if (p === '/categories') return [{ id: 'c', name: 'Sales', projects: [{ id: 'p1', name: 'Q3 forecast' }] }];
      if (p === '/prompts/examples') return [{ title: 'Top movers', prompt: 'Which rows changed most, and why?' }];
      if (p === '/templates') return [{ id: 't1', name: 'Variance', prompt: 'Explain the variance against plan.' }];
      if (p === '/billing/balance') return { balance: 12345, reserved: 0, available: 12345 - calls.filter((c) => c.args[0] === p).length + 1, tier: 'basic' };
      throw new Error('unexpected path ' + p);
    },
    getSelection: (headers) => ({ status: 'ok', workbook: 'Forecast', sheet: 'Data', cellCount: 9, ranges: [
      { address: 'A1:B3', rows: 3, columns: 2, values: [], headers: headers ? ['Region', 'Revenue'] : undefined },
      { address: 'D1:D3', rows: 3, columns: 1, values: [] } ] }),
    refinePrompt: (input) => ({ refinedPrompt: 'Refined: ' + input.prompt }),
    selectCells: (sheet, address) => ({ sheet: sheet || 'Data', address }),
    analyse: (input) => input.prompt.startsWith('Check') ? checked : ({ id: 'a1', status: 'succeeded', answer: 'North leads.\\nSouth follows.\\n\\n- **Total** 2,150\\n\\n<img src=x onerror="window.pwned=1">', citations: [citation, scanned], error: null }),
    insertAnswer: (req) => ({ sheet: req.target.kind === 'sheet' ? req.target.name : 'Data', address: 'A1:E5' }),
    // =INTELLIO() answers that outlasted Sheets' 30 s: two have finished on the server, one has not.
    refreshFormulas: () => ({ filled: 2, working: 1 }),
    setFormulaProject: () => undefined,
  };
  function runner(ok, fail) {
    const r = { withSuccessHandler: (f) => runner(f, fail), withFailureHandler: (f) => runner(ok, f) };
    for (const name of Object.keys(server)) {
      r[name] = (...args) => {
        calls.push({ name, args: JSON.parse(JSON.stringify(args)) });
        // google.script.run is asynchronous and hands errors to the failure handler.
        setTimeout(() => {
          try { const v = server[name](...args); if (ok) ok(v); } catch (e) { if (fail) fail(e); }
        }, 10);
      };
    }
    return r;
  }
  window.__calls = calls;
  window.google = { script: { run: runner(null, null) } };
})();`;

type Call = { name: string; args: unknown[] };

describe('Google Sheets sidebar (browser, google.script.run stand-in)', function () {
  this.timeout(120_000);
  let browser: Browser;
  let page: Page;
  let errors: Error[];

  before(async function () {
    requireBrowser(this);
    ensureBuilt('addin-sheets', 'dist/Sidebar.html', ['src', 'appsscript.json', 'scripts']);
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 300, height: 900 } });
    errors = collectPageErrors(page);
    await page.addInitScript({ content: GOOGLE_SCRIPT_RUN });
    // Served from an origin of its own, like HtmlService's sandbox iframe (init scripts need a navigation).
    await page.route('https://sidebar.test/**', (route) => route.fulfill({ status: 200, contentType: 'text/html', body: fs.readFileSync(SIDEBAR, 'utf8') }));
    await page.goto('https://sidebar.test/');
  });

  after(async () => {
    await browser?.close();
    assert.deepEqual(errors?.map((e) => e.message) ?? [], []);
  });

  const calls = () => page.evaluate(() => (window as unknown as { __calls: Call[] }).__calls);

  /** A fresh sidebar in a page of its own, with Google's locales as given. */
  async function openSidebar(locales: string[]): Promise<Page> {
    const other = await browser.newPage({ viewport: { width: 300, height: 900 } });
    errors.push(...collectPageErrors(other));
    await other.addInitScript((l) => ((window as unknown as { __locales: string[] }).__locales = l), locales);
    await other.addInitScript({ content: GOOGLE_SCRIPT_RUN });
    await other.route('https://sidebar.test/**', (route) => route.fulfill({ status: 200, contentType: 'text/html', body: fs.readFileSync(SIDEBAR, 'utf8') }));
    await other.goto('https://sidebar.test/');
    return other;
  }

  it('signs in, showing the server error for a wrong password', async () => {
    await page.locator('#sign-in').waitFor();
    await page.fill('#email', 'ada@example.com');
    await page.fill('#password', 'wrong');
    await page.click('#sign-in button');
    await page.getByRole('alert').getByText('Email or password is incorrect.').waitFor();
    await page.fill('#password', 'right');
    await page.click('#sign-in button');
    await page.locator('#workspace').waitFor();
    await page.locator('#balance').getByText('12,345 tokens').waitFor();
    assert.equal(await page.locator('#error').isHidden(), true);
    assert.deepEqual((await calls()).find((c) => c.name === 'signIn')?.args, ['ada@example.com', 'wrong']);
  });

  it('lists projects, shows both ranges of the selection and the header option', async () => {
    await page.locator('#selection').getByText('Data · 9 cells: A1:B3 (3×2), D1:D3 (3×1)').waitFor();
    assert.equal(await page.locator('#project').inputValue(), 'p1');
    await page.check('#headers');
    await page.waitForFunction(() => (window as unknown as { __calls: Call[] }).__calls.some((c) => c.name === 'getSelection' && c.args[0] === true));
  });

  it('fills the prompt from an example and a template, refines, analyses and shows the cited answer', async () => {
    await page.getByRole('button', { name: 'Top movers' }).click();
    assert.equal(await page.inputValue('#prompt'), 'Which rows changed most, and why?');
    await page.selectOption('#template', 't1');
    assert.equal(await page.inputValue('#prompt'), 'Explain the variance against plan.');
    await page.click('#refine');
    await page.locator('#refined-field').waitFor();
    assert.equal(await page.inputValue('#refined'), 'Refined: Explain the variance against plan.');
    await page.click('#analyse');
    await page.locator('#citations').getByText('Annual report.pdf, p. 4').waitFor();
    // An old analysis: no checks to summarise, nothing recorded as read, sources linked by their signed URL.
    assert.equal(await page.locator('#claims-summary').isHidden(), true);
    assert.equal(await page.locator('#what-was-read').isHidden(), true);
    assert.equal(await page.locator('#citations a').first().getAttribute('href'), 'https://intellio.test/api/v1/documents/d1/file?s=x#page=4');
    // A quote read by OCR from a scan says so; one from a text layer does not.
    assert.deepEqual(await page.locator('#citations li').evaluateAll((lis) => lis.map((li) => li.querySelector('.ocr')?.textContent ?? null)), [null, ' · scanned page, read by OCR']);
    // The balance is read again after the analysis (each read of the stand-in is one token lower).
    await page.locator('#balance').getByText('12,344 tokens').waitFor();
    // Markdown is rendered (breaks, lists, bold); raw HTML in an answer is shown as text, never run.
    assert.equal(await page.locator('#answer-text p').first().innerText(), 'North leads.\nSouth follows.');
    assert.equal(await page.locator('#answer-text li strong').innerText(), 'Total');
    assert.equal(await page.locator('#answer-text img').count(), 0);
    assert.match(await page.locator('#answer-text').innerText(), /<img src=x/);
    assert.equal(await page.evaluate(() => (window as unknown as { pwned?: number }).pwned), undefined);
    const analyse = (await calls()).find((c) => c.name === 'analyse');
    assert.deepEqual(analyse?.args, [
      { projectId: 'p1', prompt: 'Explain the variance against plan.', firstRowIsHeaders: true, templateId: 't1', refinedPrompt: 'Refined: Explain the variance against plan.' },
    ]);
    await screenshot(page, 'sheets-sidebar-answer-300');
  });

  it('inserts the answer with its citations on a new sheet, or at a cell', async () => {
    await page.click('#insert-answer');
    await page.locator('#insert-done').getByText('Written to Intellio answer!A1:E5.').waitFor();
    await page.check('input[name=where][value=cell]');
    await page.fill('#insert-target', 'Data!H2');
    await page.uncheck('#with-citations');
    await page.click('#insert-answer');
    await page.locator('#insert-done').getByText('Written to Data!A1:E5.').waitFor();
    const inserts = (await calls()).filter((c) => c.name === 'insertAnswer').map((c) => c.args[0] as Record<string, unknown>);
    assert.deepEqual(
      inserts.map((i) => [i.target, i.includeCitations, i.answer]),
      [
        [{ kind: 'sheet', name: 'Intellio answer' }, true, ANSWER],
        [{ kind: 'cell', address: 'Data!H2' }, false, ANSWER],
      ],
    );
  });

  it('shows a checked answer: the flag and its reason, the summary, cells that select, ids as labels, what was read', async () => {
    await page.fill('#prompt', 'Check the totals');
    await page.click('#analyse');
    const summary = page.locator('#claims-summary');
    await summary.getByText('1 of 2 statements checked against their sources · 1 not found in its sources').waitFor();
    const text = page.locator('#answer-text');
    assert.match(await text.innerText(), /South fell 40% in March \[P2\]\. ⚠ Not found in its sources: 40% is not in P2\n/);
    assert.deepEqual(await text.locator('.flag').allInnerTexts(), ['⚠ Not found in its sources: 40% is not in P2']);
    assert.equal(await text.locator('a[href^="#flag="]').count(), 0, 'a flag is text, not a link');
    assert.deepEqual(await page.locator('#citations .label').allInnerTexts(), ['[P1]', '[P2]']);
    assert.equal(await page.locator('#citations a').first().getAttribute('href'), 'https://intellio.test/d/d1?page=4');

    // Click-to-cell through the server function: unqualified cells are on the analysed sheet.
    await text.getByRole('link', { name: 'B2', exact: true }).click();
    await text.getByRole('link', { name: 'Plan!C4', exact: true }).click();
    await page.waitForFunction(() => (window as unknown as { __calls: Call[] }).__calls.filter((c) => c.name === 'selectCells').length === 2);
    assert.deepEqual(
      (await calls()).filter((c) => c.name === 'selectCells').map((c) => c.args),
      [
        ['Data', 'B2'],
        ['Plan', 'C4'],
      ],
    );
    assert.equal(page.url(), 'https://sidebar.test/', 'a cell link never navigates the sidebar');

    // What was read: collapsed until asked for.
    const readBox = page.locator('#what-was-read');
    assert.equal(await readBox.locator('summary').innerText(), 'Read 3 passages from 2 documents and 9 cells');
    assert.equal(await page.locator('#read-passages').isVisible(), false);
    await readBox.locator('summary').click();
    assert.deepEqual(await page.locator('#read-passages li').allInnerTexts(), ['[P1] Annual report.pdf, p. 4', '[P2] Board minutes.pdf, p. 2', '[P3] Annual report.pdf, p. 5']);
    assert.equal(await page.locator('#read-cells').innerText(), 'Cells: Data: A1:B3, D1:D3');
    await screenshot(page, 'sheets-sidebar-checked-300');

    // Inserted with its claims, so the sheet carries the flag (Code.js lays it out; see addin-sheets/test).
    await page.click('#insert-answer');
    await page.waitForFunction(() => (window as unknown as { __calls: Call[] }).__calls.filter((c) => c.name === 'insertAnswer').length === 3);
    const insert = (await calls()).filter((c) => c.name === 'insertAnswer').at(-1)?.args[0] as { claims: { verdict: string }[]; citations: { appUrl: string }[] };
    assert.deepEqual(insert.claims.map((c) => c.verdict), ['supported', 'unsupported']);
    assert.deepEqual(insert.citations.map((c) => c.appUrl), ['https://intellio.test/d/d1?page=4', 'https://intellio.test/d/d2?page=2']);
  });

  it('speaks Korean when the Google account does: every label, the selection and the errors', async () => {
    const ko = await openSidebar(['ko', 'ko_KR']);
    await ko.locator('#sign-in').getByText('Intellio 계정으로 로그인하고 선택한 셀을 분석하세요.').waitFor();
    assert.equal(await ko.locator('html').getAttribute('lang'), 'ko');
    await ko.fill('#email', 'ada@example.com');
    await ko.fill('#password', 'wrong');
    await ko.getByRole('button', { name: '로그인' }).click();
    await ko.getByRole('alert').getByText('이메일 또는 비밀번호가 올바르지 않습니다.').waitFor();
    await ko.fill('#password', 'right');
    await ko.getByRole('button', { name: '로그인' }).click();
    await ko.locator('#selection').getByText('Data · 셀 9개: A1:B3 (3×2), D1:D3 (3×1)').waitFor();
    await ko.locator('#balance').getByText(/^[\d,]+ 토큰$/).waitFor();
    assert.equal(await ko.getAttribute('#prompt', 'placeholder'), '예: 가장 빠르게 성장한 지역은 어디이며, 보고서에는 그 이유가 무엇이라고 나와 있나요?');
    assert.equal(await ko.inputValue('#insert-target'), 'Intellio 답변');
    assert.equal(await ko.getAttribute('#insert-target', 'aria-label'), '시트 이름 또는 셀');
    const english = await ko.evaluate(() => document.body.innerText.match(/\b(Sign|Project|Analyse|Refine|cells|tokens|Template|Insert|Select)\b/g));
    assert.equal(english, null, `English left in the Korean sidebar: ${english}`);
    await screenshot(ko, 'sheets-sidebar-korean-300');
    await ko.close();
  });

  it('asks an MFA account for its code, keeps the form on a wrong one, and signs in with a recovery code', async () => {
    const mfa = await openSidebar(['en_US']);
    await mfa.locator('#sign-in').waitFor();
    await mfa.fill('#email', 'mfa@example.com');
    await mfa.fill('#password', 'right');
    await mfa.click('#sign-in button');
    await mfa.locator('#mfa').getByText('Enter the six-digit code from your authenticator app.').waitFor();
    assert.equal(await mfa.locator('#sign-in').isHidden(), true);
    // Not six digits: said beside the field, nothing sent.
    await mfa.fill('#mfa-code', '12 34');
    await mfa.getByRole('button', { name: 'Verify' }).click();
    await mfa.locator('#mfa-hint').getByText('Enter the six digits from your authenticator app.').waitFor();
    const sent = () => mfa.evaluate(() => (window as unknown as { __calls: Call[] }).__calls.filter((c) => c.name === 'verifyMfa').map((c) => c.args[0]));
    assert.deepEqual(await sent(), []);
    await mfa.fill('#mfa-code', '000 000');
    await mfa.getByRole('button', { name: 'Verify' }).click();
    await mfa.getByRole('alert').getByText('That code is not right.').waitFor();
    assert.equal(await mfa.locator('#mfa').isVisible(), true, 'the form stays for another try');
    await mfa.getByRole('button', { name: 'Use a recovery code' }).click();
    await mfa.locator('#mfa-label').getByText('Recovery code').waitFor();
    await mfa.fill('#mfa-code', 'abcd-efgh');
    await mfa.getByRole('button', { name: 'Verify' }).click();
    await mfa.locator('#workspace').waitFor();
    assert.equal(await mfa.locator('#mfa').isHidden(), true);
    assert.deepEqual(await sent(), [{ code: '000000' }, { recoveryCode: 'abcd-efgh' }]);
    await mfa.close();
  });

  it('"Refresh formulas" fills in the =INTELLIO answers that finished late and says how many are still working', async () => {
    await page.getByRole('button', { name: 'Refresh formulas' }).click();
    await page.locator('#formulas-done').getByText('Filled in 2 formulas; 1 still working.').waitFor();
    assert.equal((await calls()).filter((c) => c.name === 'refreshFormulas').length, 1);
    // The project picked in the sidebar is the one the formulas answer from.
    assert.deepEqual((await calls()).find((c) => c.name === 'setFormulaProject')?.args, ['p1']);
  });

  it('signs out back to the sign-in form', async () => {
    await page.click('#sign-out');
    await page.locator('#sign-in').waitFor();
    assert.equal(await page.locator('#workspace').isHidden(), true);
  });
});
