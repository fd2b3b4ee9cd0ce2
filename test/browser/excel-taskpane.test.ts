/**
 * The built Excel task pane, served by the real backend at /addin/excel/taskpane.html, in Chromium with a
 * stand-in Office/Excel (support/office.ts) holding a two-area selection.
 */
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { addinSuite, openTaskPane, REGIONS } from '../support/addin.js';
import { screenshot } from '../support/browser.js';
import { ensureBuilt, excelLog, type StandInArea, type StandInOptions } from '../support/office.js';
import { credit } from '../../backend/src/billing/ledger.js';
import { totpCode } from '../../backend/test/builders.js';
import { apiCall, mailedLink, uploadReady } from '../support/webapp.js';

const PANE = { width: 350, height: 900 };
const CLOSED: StandInArea = { address: 'D1:D3', values: [['Closed'], [45292], [45323]], numberFormat: [['General'], ['yyyy-mm-dd'], ['yyyy-mm-dd']] };

describe('Excel task pane (browser, stand-in office.js)', function () {
  this.timeout(180_000);

  const suite = addinSuite({
    build: () => ensureBuilt('addin-excel', 'dist/excel/taskpane.html', ['src', 'public', 'vite.config.ts']),
    what: 'the task pane',
  });
  const user = { name: 'Ada Lovelace', email: `ada.${Date.now()}@example.com`, password: 'analytical-engine-1843' };
  let projectId = '';

  const api = <T>(method: string, path: string, body?: unknown, token?: string) => apiCall<T>(suite.server.url, method, path, body, token);

  before(async () => {
    const session = await api<{ accessToken: string }>('POST', '/auth/signup', user);
    const category = await api<{ id: string }>('POST', '/categories', { name: 'Sales' }, session.accessToken);
    projectId = (await api<{ id: string }>('POST', '/projects', { categoryId: category.id, name: 'Q3 forecast' }, session.accessToken)).id;
  });

  const openPane = (areas: StandInArea[] = [REGIONS, CLOSED], host: Omit<StandInOptions, 'sheet' | 'areas'> = {}) =>
    openTaskPane(suite, PANE, { sheet: 'Sheet1', areas, ...host });

  async function signIn(page: Page): Promise<void> {
    await page.getByTestId('sign-in').waitFor();
    await page.locator('input[name=email]').fill(user.email);
    await page.locator('input[name=password]').fill(user.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByTestId('workspace').waitFor();
  }

  it('is served by the backend with a CSP that lets Office frame it, and its icons too', async () => {
    const res = await fetch(`${suite.server.url}/addin/excel/taskpane.html`);
    assert.equal(res.status, 200);
    const csp = res.headers.get('content-security-policy') ?? '';
    assert.match(csp, /frame-ancestors[^;]*officeapps\.live\.com/);
    assert.match(await res.text(), /appsforoffice\.microsoft\.com\/lib\/1\/hosted\/office\.js/);
    for (const size of [16, 32, 80]) {
      const icon = await fetch(`${suite.server.url}/addin/assets/icon-${size}.png`);
      assert.equal(icon.status, 200, `icon-${size}.png`);
      assert.equal(icon.headers.get('content-type'), 'image/png');
    }
    // The web app itself may still not be framed.
    assert.match((await fetch(`${suite.server.url}/`)).headers.get('content-security-policy') ?? '', /frame-ancestors 'none'/);
  });

  it('shows the API error for a wrong password, then signs in and lists the projects', async () => {
    const page = await openPane();
    await page.getByTestId('sign-in').waitFor();
    await page.locator('input[name=email]').fill(user.email);
    await page.locator('input[name=password]').fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByTestId('sign-in-error').getByText('Wrong email or password. If you have just signed up, open the link we emailed you first.').waitFor();
    await page.locator('input[name=password]').fill(user.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByTestId('workspace').waitFor();
    // The projects load after the workspace appears (alongside the balance stream): wait for them.
    await page.getByTestId('project-picker').locator(`option[value="${projectId}"]`).waitFor({ state: 'attached' });
    assert.equal(await page.getByTestId('project-picker').inputValue(), projectId);
    assert.match(await page.getByTestId('project-picker').innerText(), /Q3 forecast/);
  });

  it('reads both areas of the selection, follows selection changes and the header option', async () => {
    const page = await openPane();
    await signIn(page);
    const card = page.getByTestId('selection');
    await card.getByText('Sheet1 · 9 cells').waitFor();
    assert.deepEqual(await page.getByTestId('selection-area').allInnerTexts(), ['A1:B3 (3×2)', 'D1:D3 (3×1)']);
    await page.getByTestId('headers-toggle').click();
    await card.getByText('Headers: Region, Revenue').waitFor();
    await screenshot(page, 'excel-pane-selection-350');

    await page.evaluate(() => (window as unknown as { __select: (a: unknown[]) => void }).__select([{ address: 'F2:G3', values: [['a', 1], ['b', 2]] }]));
    await card.getByText('Sheet1 · 4 cells').waitFor();
    assert.deepEqual(await page.getByTestId('selection-area').allInnerTexts(), ['F2:G3 (2×2) Headers: a, 1']);
  });

  it('refuses a selection above the cell limit with a readable message', async () => {
    const big: StandInArea = { address: 'A1:CV600', values: Array.from({ length: 600 }, () => Array.from({ length: 100 }, () => 1)) };
    const page = await openPane([big]);
    await signIn(page);
    await page.getByTestId('selection-too-large').getByText(/60,000 cells; Intellio analyses up to 50,000/).waitFor();
    assert.equal(await page.getByTestId('analyse').isDisabled(), true);
  });

  it('shows the token balance live: a credit elsewhere moves it without a reload', async () => {
    const page = await openPane();
    await signIn(page);
    const balance = page.getByTestId('pane-balance');
    const before = Number(((await balance.filter({ hasText: /tokens/ }).innerText()).match(/[\d,]+/)?.[0] ?? '').replace(/,/g, ''));
    assert.ok(before > 0);
    const { id } = await suite.server.deps.knex('users').where({ email: user.email }).first('id');
    await credit(suite.server.deps.knex, { userId: id, amount: 1234, kind: 'adjust', idempotencyKey: `pane-balance:${id}` });
    await balance.filter({ hasText: `${(before + 1234).toLocaleString('en-US')} tokens` }).waitFor();
  });

  it('keeps the session when the pane is reopened (refresh token in storage)', async () => {
    const page = await openPane();
    await signIn(page);
    await page.reload();
    await page.getByTestId('workspace').waitFor();
    await page.getByTestId('sign-out').click();
    await page.getByTestId('sign-in').waitFor();
    await page.reload();
    await page.getByTestId('sign-in').waitFor();
  });

  it('speaks Korean when Office does, and the user\'s own setting wins over Office', async () => {
    const page = await openPane([REGIONS, CLOSED], { displayLanguage: 'ko-KR' });
    const form = page.getByTestId('sign-in');
    await form.getByText('Intellio 계정으로 로그인하고 선택한 셀을 분석하세요.').waitFor();
    assert.equal(await page.locator('html').getAttribute('lang'), 'ko');
    // The API's own error comes back in the pane's language too (the pane sends it as Accept-Language).
    await page.locator('input[name=email]').fill(user.email);
    await page.locator('input[name=password]').fill('not-the-password');
    await page.getByRole('button', { name: '로그인' }).click();
    const refused = await page.getByTestId('sign-in-error').innerText();
    assert.match(refused, /[\uAC00-\uD7A3]/, refused);
    await page.locator('input[name=password]').fill(user.password);
    await page.getByRole('button', { name: '로그인' }).click();
    await page.getByTestId('workspace').waitFor();
    await page.getByTestId('selection').getByText('Sheet1 · 셀 9개').waitFor();
    await page.getByText('첫 행은 머리글').waitFor();
    await page.getByRole('button', { name: '분석' }).waitFor();
    await page.getByTestId('pane-balance').filter({ hasText: /토큰$/ }).waitFor();
    const english = await page.evaluate(() => document.body.innerText.match(/\b(Sign|Project|Analyse|Refine|cells|tokens|Template|Insert)\b/g));
    assert.equal(english, null, `English left in the Korean pane: ${english}`);
    await screenshot(page, 'excel-pane-korean-350');

    // Chosen in the account settings: English, though Office is in Korean.
    await suite.server.deps.knex('users').where({ email: user.email }).update({ language: 'en' });
    try {
      await page.reload();
      await page.getByTestId('selection').getByText('Sheet1 · 9 cells').waitFor();
      assert.equal(await page.locator('html').getAttribute('lang'), 'en');
    } finally {
      await suite.server.deps.knex('users').where({ email: user.email }).update({ language: null });
    }
  });

  it('asks for the second step of an MFA account, keeps the form on a wrong code, and accepts a recovery code or the app\'s code', async () => {
    // An account with two-step sign-in on, through the real API.
    const mfaUser = { name: 'Grace Hopper', email: `grace.${Date.now()}@example.com`, password: 'compiler-pioneer-1952' };
    // Not the server's first account: the sign-up answers "verification sent", and the mailed link, with the
    // password chosen at sign-up, confirms the address and signs in (an unconfirmed address cannot sign in with its
    // password alone).
    await api('POST', '/auth/signup', mfaUser);
    const verifyToken = new URL(await mailedLink(suite.server, 'verify_email', mfaUser.email)).searchParams.get('token');
    const session = await api<{ accessToken: string }>('POST', '/auth/verify', { token: verifyToken, password: mfaUser.password, client: 'addin' });
    const { secret } = await api<{ secret: string }>('POST', '/auth/mfa/setup', {}, session.accessToken);
    // The previous step's code turns it on, leaving the current one for the pane's sign-in (each is used once).
    const { recoveryCodes } = await api<{ recoveryCodes: string[] }>('POST', '/auth/mfa/enable', { password: mfaUser.password, code: await totpCode(secret, -1) }, session.accessToken);

    const page = await openPane();
    const verifies: unknown[] = [];
    page.on('request', (r) => {
      if (r.url().endsWith('/api/v1/auth/mfa/verify')) verifies.push(r.postDataJSON());
    });
    await page.getByTestId('sign-in').waitFor();
    await page.locator('input[name=email]').fill(mfaUser.email);
    await page.locator('input[name=password]').fill(mfaUser.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    const step = page.getByTestId('mfa');
    await step.getByText('Enter the six-digit code from your authenticator app.').waitFor();

    // Not six digits: said at once, nothing sent.
    await page.locator('input[name=code]').fill('12345');
    await page.getByRole('button', { name: 'Verify' }).click();
    await step.getByText('Enter the six digits from your authenticator app.').waitFor();
    assert.equal(verifies.length, 0);
    // A wrong code: the server's reason, and the form stays for another try.
    await page.locator('input[name=code]').fill('000 000');
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.getByTestId('mfa-error').waitFor();
    assert.match(await page.getByTestId('mfa-error').innerText(), /code/i);
    assert.equal(await page.locator('input[name=code]').isVisible(), true);

    await page.getByRole('button', { name: 'Use a recovery code' }).click();
    await step.getByText(/recovery codes you saved/).waitFor();
    await page.locator('input[name=recoveryCode]').fill(recoveryCodes[0]);
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.getByTestId('workspace').waitFor();
    assert.equal(await page.getByTestId('workspace').getAttribute('data-user'), mfaUser.email);
    const [wrong, recovery] = verifies as { mfaToken: string; code?: string; recoveryCode?: string }[];
    assert.equal(wrong.code, '000000');
    assert.equal(recovery.recoveryCode, recoveryCodes[0]);
    assert.equal(wrong.mfaToken, recovery.mfaToken);

    // Signed out and in again: this time with the app's current code.
    await page.getByTestId('sign-out').click();
    await page.locator('input[name=email]').fill(mfaUser.email);
    await page.locator('input[name=password]').fill(mfaUser.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.locator('input[name=code]').fill(await totpCode(secret));
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.getByTestId('workspace').waitFor();
  });

  it('says what it is and links to the Add-ins page when opened in a plain browser (no office.js)', async () => {
    const page = await suite.open({ viewport: { width: 1024, height: 700 }, baseURL: suite.server.url });
    // Outside Office, Microsoft's script does not load here (offline, blocked): `Office` is never defined.
    await page.route('https://appsforoffice.microsoft.com/**', (route) => route.abort());
    await page.goto('/addin/excel/taskpane.html');
    const outside = page.getByTestId('outside-office');
    await outside.getByRole('heading', { name: 'Intellio for Excel' }).waitFor();
    await outside.getByText(/It runs inside Excel/).waitFor();
    const link = page.getByTestId('addins-link');
    await page.waitForFunction(() => document.querySelector('[data-testid=addins-link]')?.getAttribute('href')?.endsWith('/addins'));
    assert.equal(await link.getAttribute('href'), `${suite.server.url}/addins`);
    await link.click();
    await page.waitForURL(`${suite.server.url}/addins`);
  });

  it('never goes blank when the host lacks a call: each one says what is missing in the pane', async () => {
    // An Excel whose office.js has no selection events: the selection is read once, and the pane says why
    // it will not follow changes.
    let page = await openPane([REGIONS], { without: ['addHandlerAsync'] });
    await signIn(page);
    await page.getByTestId('selection').getByText('Sheet1 · 6 cells').waitFor();
    assert.match(await page.getByTestId('selection-error').innerText(), /Office\.context\.document\.addHandlerAsync is not available/);
    // With no Excel API at all, reading the selection fails with a message, and the rest of the pane works.
    page = await openPane([REGIONS], { without: ['Excel.run'] });
    await signIn(page);
    assert.match(await page.getByTestId('selection-error').innerText(), /Excel\.run is not available/);
    await page.getByTestId('project-picker').waitFor();
    assert.equal(await page.getByTestId('sign-out').isVisible(), true);
  });

  it('keeps the pane usable at 320 px without sideways scrolling', async () => {
    const page = await openPane();
    await page.setViewportSize({ width: 320, height: 800 });
    await signIn(page);
    await page.getByTestId('selection').waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.equal(overflow, 0);
  });

  it('analyses the selection with its header rows against the real backend, naming cells where they are', async () => {
    const token = (await api<{ accessToken: string }>('POST', '/auth/login', { email: user.email, password: user.password })).accessToken;
    await uploadReady(suite.server.url, token, projectId, 'regional-notes.txt', Buffer.from('North revenue leads the regions because of new contracts in the Baltic ports.\n'), 'text/plain');
    const page = await openPane();
    const posted = page.waitForRequest((r) => r.url().endsWith('/api/v1/analyses') && r.method() === 'POST');
    await signIn(page);
    await page.getByTestId('headers-toggle').click();
    await page.getByTestId('selection').getByText('Headers: Region, Revenue').waitFor();
    await page.getByTestId('prompt').fill('Which region leads on revenue, and why?');
    // Refining sends the same selection to the real /prompts/refine.
    await page.getByTestId('refine').click();
    const refined = page.getByTestId('refined-prompt');
    await refined.waitFor();
    assert.match(await refined.inputValue(), /Which region leads on revenue, and why\?/);
    assert.match(await refined.inputValue(), /Sheet1!A2:B3 \(2 columns × 2 rows; headers: Region, Revenue; numeric: Revenue\)/);
    await page.getByTestId('analyse').click();
    const body = (await posted).postDataJSON();
    assert.equal(body.selection.ranges[0].address, 'A1:B3');
    assert.equal(body.refinedPrompt, await refined.inputValue());
    await page.getByTestId('citation').getByText('regional-notes.txt').waitFor({ timeout: 60_000 });
    const answer = await page.getByTestId('answer-text').innerText();
    assert.match(answer, /max 1,200 \(North\) \[B2\]/, answer);
    assert.match(answer, /Baltic ports/);
    assert.equal(await page.getByText(/is 2×2 but/).count(), 0, 'the backend refused the selection');
    // Its citations work in the pane: the passage is labelled as the text cites it, and B2 selects B2.
    assert.match(answer, /\[P1\]/);
    assert.deepEqual(await page.getByTestId('citation-label').allInnerTexts(), ['[P1]']);
    await page.getByTestId('answer-text').getByRole('link', { name: 'B2', exact: true }).first().click();
    await page.waitForFunction(() => (window as unknown as { __excel: { selected: unknown[] } }).__excel.selected.length === 1);
    assert.deepEqual((await excelLog(page)).selected, [{ sheet: 'Sheet1', address: 'B2' }]);
    // The real backend's checks: a summary of the statements checked, what was read, and on insert a source
    // cell that links to the document's stable app link (never the signed URL that expires).
    assert.match(await page.getByTestId('claims-summary').innerText(), /^\d+ of \d+ statements? checked against their sources/);
    await page.getByTestId('what-was-read').getByRole('button', { name: /^Read 1 passage from 1 document and \d+ cells$/ }).click();
    assert.deepEqual(await page.getByTestId('read-passage').allInnerTexts(), ['[P1] regional-notes.txt']);
    await page.getByTestId('insert-answer').click();
    await page.getByTestId('insert-done').waitFor();
    const links = (await excelLog(page)).hyperlinks;
    assert.equal(links.length, 1);
    assert.match(links[0].address, new RegExp(`^${suite.server.url}/d/[0-9a-f-]{36}$`));
    assert.equal(links[0].textToDisplay, 'regional-notes.txt');

    // The link a cell now holds, followed from a browser with no session: sign in, then the file opens.
    const documentId = links[0].address.split('/d/')[1];
    const tab = await suite.open({ viewport: { width: 1280, height: 800 }, baseURL: suite.server.url });
    await tab.goto(links[0].address);
    await tab.waitForURL(/\/login$/);
    await tab.locator('input[name=email]').fill(user.email);
    await tab.locator('input[name=password]').fill(user.password);
    const file = tab.waitForResponse((r) => r.url().includes(`/api/v1/documents/${documentId}/file?`));
    await tab.getByRole('button', { name: 'Sign in' }).click();
    assert.equal((await file).status(), 200);
    assert.match(await tab.locator('body').innerText(), /Baltic ports/);
    // Once the document is deleted, the same cell link says so instead of opening anything.
    const del = await fetch(`${suite.server.url}/api/v1/documents/${documentId}`, { method: 'DELETE', headers: { Authorization: `Bearer ${token}` } });
    assert.equal(del.status, 204);
    await suite.server.deps.activity.flush();
    await tab.goto(links[0].address);
    const problem = tab.getByTestId('document-link-problem');
    await problem.waitFor();
    assert.match((await problem.textContent()) ?? '', /^This document was deleted/);
  });

  // Checked answers against a fixed `done` event: the local analyst states only what it computed, so the real
  // backend never gives it an unsupported claim to flag (the real-backend test above checks the rest).
  it('flags the unsupported statement with its reason, selects cited cells, labels sources by id and lists what was read', async () => {
    const page = await openPane();
    const appUrl = (documentId: string, p: number) => `${suite.server.url}/d/${documentId}?page=${p}`;
    const signed = (documentId: string, p: number) => `${suite.server.url}/api/v1/documents/${documentId}/file?u=x&e=1&s=y#page=${p}`;
    const citations = [
      { id: 'P1', documentId: 'd1', documentName: 'Annual report.pdf', page: 4, location: 'p. 4', quote: 'North grew 26% on new contracts.', ocr: false, url: signed('d1', 4), appUrl: appUrl('d1', 4) },
      { id: 'P2', documentId: 'd2', documentName: 'Board minutes.pdf', page: 2, location: 'p. 2', quote: 'South lost the port contract in March.', ocr: false, url: signed('d2', 2), appUrl: appUrl('d2', 2) },
    ];
    const read = [...citations.map(({ quote: _q, ocr: _o, ...p }) => p), { id: 'P3', documentId: 'd1', documentName: 'Annual report.pdf', page: 5, location: 'p. 5', url: signed('d1', 5), appUrl: appUrl('d1', 5) }];
    const answer = 'North leads with 1,200 [B2] [P1].\nSouth fell 40% in March [P2].\nThe plan is in [Plan!C4].\n\nNorth and South total 2,150 (B2:B3, 2 numbers).';
    const reason = '40% is not in P2 or the selected cells';
    const claims = [
      { text: 'North leads with 1,200.', verdict: 'supported', sources: [{ type: 'cell', address: 'B2' }, { type: 'passage', citation: 'P1', documentId: 'd1', page: 4 }], checkedBy: 'rules' },
      { text: 'South fell 40% in March.', verdict: 'unsupported', sources: [{ type: 'passage', citation: 'P2', documentId: 'd2', page: 2 }], reason, checkedBy: 'rules' },
      { text: 'The plan is in.', verdict: 'unchecked', sources: [] },
      { text: 'North and South total 2,150 (B2:B3, 2 numbers).', verdict: 'supported', sources: [{ type: 'cell', address: 'B2:B3' }], checkedBy: 'rules' },
    ];
    const selection = { workbook: 'Forecast.xlsx', sheet: 'Sheet1', ranges: [REGIONS, CLOSED].map((a) => ({ address: a.address, values: a.values })) };
    const analysis = { id: 'a2', projectId, status: 'succeeded', answer, citations, claims, read, selection, cellCount: 9, refinedPrompt: null, error: null };
    await page.route('**/api/v1/analyses', (route) =>
      route.fulfill({ status: 200, headers: { 'content-type': 'text/event-stream' }, body: `event: done\ndata: ${JSON.stringify({ analysis })}\n\n` }),
    );
    await signIn(page);
    await page.getByTestId('prompt').fill('Which region leads, and why?');
    await page.getByTestId('analyse').click();

    const summary = page.getByTestId('claims-summary');
    await summary.waitFor();
    assert.equal(await summary.innerText(), '2 of 4 statements checked against their sources · 1 not found in its sources · 1 with nothing to check');
    const text = page.getByTestId('answer-text');
    // The flag is visible text right after the statement it flags, with its reason.
    assert.match(await text.innerText(), new RegExp(`South fell 40% in March \\[P2\\]\\. ⚠ Not found in its sources: ${reason}\\n`));
    assert.deepEqual(await text.getByTestId('answer-flag').allInnerTexts(), [`⚠ Not found in its sources: ${reason}`]);
    assert.equal(await text.locator('a[href^="#flag="]').count(), 0, 'a flag is text, not a link');
    assert.equal(await page.getByTestId('unplaced-flags').count(), 0);

    // Sources carry the ids the text cites them by.
    assert.deepEqual(await page.getByTestId('citation-label').allInnerTexts(), ['[P1]', '[P2]']);
    assert.match(await text.innerText(), /1,200 \[B2\] \[P1\]\./);

    // Click-to-cell: unqualified addresses are on the analysed sheet, a qualified one on its own; one batch each.
    const before = (await excelLog(page)).syncs;
    await text.getByRole('link', { name: 'B2', exact: true }).click();
    await text.getByRole('link', { name: 'Plan!C4', exact: true }).click();
    await text.getByRole('link', { name: 'B2:B3', exact: true }).click();
    await page.waitForFunction(() => (window as unknown as { __excel: { selected: unknown[] } }).__excel.selected.length === 3);
    let log = await excelLog(page);
    assert.deepEqual(log.selected, [
      { sheet: 'Sheet1', address: 'B2' },
      { sheet: 'Plan', address: 'C4' },
      { sheet: 'Sheet1', address: 'B2:B3' },
    ]);
    assert.deepEqual(log.activated, ['Sheet1', 'Plan', 'Sheet1']);
    assert.equal(log.syncs - before, 3);
    // A passage id in the text opens that source's stable link.
    await text.getByRole('link', { name: 'P1', exact: true }).click();
    assert.deepEqual((await excelLog(page)).opened, [citations[0].appUrl]);

    // What was read: collapsed, then every passage given to the model and the cells.
    const readBox = page.getByTestId('what-was-read');
    const header = readBox.getByRole('button', { name: 'Read 3 passages from 2 documents and 9 cells' });
    await header.waitFor();
    assert.equal(await page.getByTestId('read-passage').count(), 0, 'collapsed by default');
    await header.click();
    await page.getByTestId('read-passage').first().waitFor();
    assert.deepEqual(await page.getByTestId('read-passage').allInnerTexts(), ['[P1] Annual report.pdf, p. 4', '[P2] Board minutes.pdf, p. 2', '[P3] Annual report.pdf, p. 5']);
    assert.equal(await page.getByTestId('read-cells').innerText(), 'Cells: Sheet1: A1:B3, D1:D3');
    await screenshot(page, 'excel-pane-checked-answer-350');

    // Inserted: the flag beside its line, the summary, and source cells that link to the stable app links.
    await page.getByTestId('insert-answer').click();
    await page.getByTestId('insert-done').waitFor();
    log = await excelLog(page);
    const blank = ['', '', '', '', ''];
    assert.deepEqual(log.writes.at(-1)?.values, [
      ['North leads with 1,200 [B2] [P1].', '', '', '', ''],
      ['South fell 40% in March [P2].', `⚠ Not found in its sources: ${reason}`, '', '', ''],
      ['The plan is in [Plan!C4].', '', '', '', ''],
      blank,
      ['North and South total 2,150 (B2:B3, 2 numbers).', '', '', '', ''],
      blank,
      ['2 of 4 statements checked against their sources · 1 not found in its sources · 1 with nothing to check', '', '', '', ''],
      blank,
      ['#', 'Document', 'Page', 'Quote', 'Link'],
      ['[P1]', 'Annual report.pdf', 4, 'North grew 26% on new contracts.', 'Annual report.pdf, p. 4'],
      ['[P2]', 'Board minutes.pdf', 2, 'South lost the port contract in March.', 'Board minutes.pdf, p. 2'],
    ]);
    assert.deepEqual(log.bold.at(-1), { sheet: 'Intellio answer', rowOffset: 8, columns: 5 });
    assert.deepEqual(
      log.hyperlinks.map((h) => [h.row, h.col, h.address, h.textToDisplay]),
      [
        [9, 4, citations[0].appUrl, 'Annual report.pdf, p. 4'],
        [10, 4, citations[1].appUrl, 'Board minutes.pdf, p. 2'],
      ],
    );
  });

  // The pane's stream reading, OCR flag and insert layout against fixed SSE events (the real endpoint's answer
  // is the local analyst's, too long to lay out cell by cell here).
  it('streams a cited answer and inserts it with its citations on a new sheet (fixed SSE events)', async () => {
    const page = await openPane();
    const posted: unknown[] = [];
    const citation = { id: 'c1', documentId: 'd1', documentName: 'Annual report.pdf', page: 4, location: 'p. 4', quote: 'North grew 26% on new contracts.', url: `${suite.server.url}/api/v1/documents/d1/file?u=x&e=1&s=y#page=4` };
    // A quote from a scanned page carries `ocr`, and the pane says so next to it.
    const scanned = { id: 'c2', documentId: 'd2', documentName: 'Board minutes.pdf', page: 2, location: 'p. 2', quote: 'South lost the port contract in March.', ocr: true, url: `${suite.server.url}/api/v1/documents/d2/file?u=x&e=1&s=y#page=2` };
    const analysis = { id: 'a1', projectId, status: 'succeeded', answer: 'North leads with 1200.\nSouth follows with 950.', citations: [{ ...citation, ocr: false }, scanned], refinedPrompt: null, error: null };
    await page.route('**/api/v1/analyses', async (route) => {
      posted.push({ body: route.request().postDataJSON(), accept: route.request().headers().accept });
      const events = [
        ['analysis', { analysis: { ...analysis, status: 'running', answer: null, citations: [] } }],
        ['delta', { text: 'North leads with 1200.\n' }],
        ['delta', { text: 'South follows with 950.' }],
        ['done', { analysis }],
      ];
      await route.fulfill({ status: 200, headers: { 'content-type': 'text/event-stream' }, body: events.map(([e, d]) => `event: ${e}\ndata: ${JSON.stringify(d)}\n\n`).join('') });
    });
    await signIn(page);
    await page.getByTestId('headers-toggle').click();
    await page.getByTestId('selection').getByText('Headers: Region, Revenue').waitFor();
    await page.getByTestId('prompt').fill('Which region leads, and why?');
    await page.getByTestId('analyse').click();
    await page.getByTestId('citation').getByText('Annual report.pdf, p. 4').waitFor();
    assert.equal(await page.getByTestId('answer-text').innerText(), 'North leads with 1200.\nSouth follows with 950.');
    assert.equal(await page.getByTestId('citation').nth(0).getByTestId('citation-ocr').count(), 0, 'a text-layer quote is not flagged');
    assert.equal((await page.getByTestId('citation').nth(1).getByTestId('citation-ocr').innerText()).trim(), '· scanned page, read by OCR');
    assert.deepEqual(posted, [
      {
        accept: 'text/event-stream',
        body: {
          projectId,
          source: 'excel',
          prompt: 'Which region leads, and why?',
          selection: {
            workbook: 'Forecast.xlsx',
            sheet: 'Sheet1',
            ranges: [
              { address: 'A1:B3', headers: ['Region', 'Revenue'], values: [['North', 1200], ['South', 950]] },
              { address: 'D1:D3', headers: ['Closed'], values: [['2024-01-01'], ['2024-02-01']] },
            ],
          },
        },
      },
    ]);

    await page.getByTestId('citation').first().getByRole('link').click();
    await page.getByTestId('insert-answer').click();
    await page.getByTestId('insert-done').getByText('Written to Intellio answer!A1.').waitFor();
    await screenshot(page, 'excel-pane-answer-350');
    const log = await excelLog(page);
    assert.deepEqual(log.opened, [citation.url]);
    assert.deepEqual(log.addedSheets, ['Intellio answer']);
    assert.deepEqual(log.writes, [
      {
        sheet: 'Intellio answer',
        at: 'A1',
        values: [
          ['North leads with 1200.', '', '', '', '', ''],
          ['South follows with 950.', '', '', '', '', ''],
          ['', '', '', '', '', ''],
          ['#', 'Document', 'Page', 'Quote', 'Link', 'Note'],
          ['[c1]', 'Annual report.pdf', 4, 'North grew 26% on new contracts.', 'Annual report.pdf, p. 4', ''],
          ['[c2]', 'Board minutes.pdf', 2, 'South lost the port contract in March.', 'Board minutes.pdf, p. 2', 'Scanned page, read by OCR: check the quote against the page'],
        ],
      },
    ]);
    assert.deepEqual(log.bold, [{ sheet: 'Intellio answer', rowOffset: 3, columns: 6 }]);
    // An analysis from before stable app links: its source cells link to the signed URL it has.
    assert.deepEqual(
      log.hyperlinks.map((h) => [h.row, h.col, h.address, h.textToDisplay]),
      [
        [4, 4, citation.url, 'Annual report.pdf, p. 4'],
        [5, 4, scanned.url, 'Board minutes.pdf, p. 2'],
      ],
    );

    // Into a named cell, without the citations table: a second batch that writes one column.
    const syncsBefore = log.syncs;
    await page.getByTestId('insert-cell').click();
    await page.getByTestId('insert-address').fill('Sheet1!H2');
    await page.getByRole('checkbox', { name: 'Include the citations table' }).click();
    await page.getByTestId('insert-answer').click();
    await page.getByTestId('insert-done').getByText('Written to Sheet1!H2.').waitFor();
    const after = await excelLog(page);
    assert.deepEqual(after.writes.at(-1), { sheet: 'Sheet1', at: 'H2', values: [['North leads with 1200.'], ['South follows with 950.']] });
    assert.equal(after.syncs - syncsBefore, 1, 'one Excel.run batch, one sync');
  });

  it('runs =INTELLIO.ASK/FILL in the pane\'s runtime: one sign-in, calls in one tick batched into one request, the cap saved per workbook', async () => {
    const { id } = await suite.server.deps.knex('users').where({ email: user.email }).first('id');
    await credit(suite.server.deps.knex, { userId: id, amount: 50_000, kind: 'adjust', idempotencyKey: `pane-formulas:${id}` });
    const page = await openPane(undefined, { settings: { 'intellio.workbookId': 'wb-forecast' } });
    const posts: { auth: string | null; body: { projectId?: string; workbookId?: string; items: { prompt: string }[] } }[] = [];
    page.on('request', (r) => {
      if (r.url().endsWith('/api/v1/formulas') && r.method() === 'POST') posts.push({ auth: r.headers().authorization ?? null, body: r.postDataJSON() });
    });
    type Fns = Record<'ASK' | 'FILL', (...args: unknown[]) => Promise<unknown>>;
    // Before sign-in a formula says so instead of failing.
    await page.waitForFunction(() => 'ASK' in (window as unknown as { __customFunctions: object }).__customFunctions);
    assert.equal(await page.evaluate(() => (window as unknown as { __customFunctions: Fns }).__customFunctions.ASK('Total?', [[1]])), '#INTELLIO: sign in');
    await signIn(page);
    await page.getByTestId('project-picker').locator(`option[value="${projectId}"]`).waitFor({ state: 'attached' });
    await page.waitForFunction((p) => (window as unknown as { __excel: { settings: Record<string, unknown> } }).__excel.settings['intellio.formulaProjectId'] === p, projectId);
    posts.length = 0;
    const results = await page.evaluate(() => {
      const f = (window as unknown as { __customFunctions: Fns }).__customFunctions;
      return Promise.all([f.ASK('Which region leads?', [['North', 1200], ['South', 950]]), f.ASK('Which region leads?', [['North', 1200], ['South', 950]]), f.FILL('Name the region', [['North'], ['South']])]);
    });
    assert.equal(posts.length, 1, 'three calls in one tick: one request');
    assert.match(posts[0].auth ?? '', /^Bearer /);
    assert.equal(posts[0].body.projectId, projectId);
    assert.equal(posts[0].body.workbookId, 'wb-forecast');
    assert.deepEqual(posts[0].body.items.map((i) => i.prompt), ['Which region leads?', 'Name the region'], 'identical calls share one item');
    const [first, second, filled] = results as [string, string, string[][]];
    assert.equal(typeof first, 'string');
    assert.doesNotMatch(first, /^#INTELLIO/, first);
    assert.equal(second, first);
    assert.equal(filled.length, 2, 'one answer per row, spilled as a column');
    for (const row of filled) assert.equal(row.length, 1);

    // The spend cap for this workbook, set in the pane and stored by the server for this workbook id.
    const cap = page.getByTestId('formula-cap');
    await cap.scrollIntoViewIfNeeded();
    await page.getByTestId('formula-cap-input').fill('25000');
    await page.getByTestId('formula-cap-save').click();
    await page.getByTestId('formula-cap-status').getByText('Cap saved.').waitFor();
    const token = (await api<{ accessToken: string }>('POST', '/auth/login', { email: user.email, password: user.password })).accessToken;
    assert.equal((await api<{ monthlyTokenCap: number | null }>('GET', '/formulas/workbooks/wb-forecast', undefined, token)).monthlyTokenCap, 25_000);
    await screenshot(page, 'excel-pane-formulas-350');
  });
});
