/**
 * The built Apps Script bundle (dist/Code.js, exactly what clasp pushes) run in a node:vm context with
 * doubles of SpreadsheetApp, HtmlService, UrlFetchApp and PropertiesService.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';
import { createAnalysisSchema } from '../../backend/src/analysis/schema.js';
import { refineSchema } from '../../backend/src/prompts/schema.js';
import { formulasSchema } from '../../backend/src/formulas/schema.js';
import type { Config } from '../../backend/src/config.js';
import { appsScriptGlobals, FakeSheet, selectedRange, type FetchCall, type World } from './doubles.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const API = 'https://intellio.test';
const USER = { id: 'u1', email: 'ada@example.com', name: 'Ada', role: 'user', tier: 'basic', emailVerified: true, createdAt: '2026-01-01T00:00:00.000Z' };
const PROJECT = '0d6f1c7e-7a43-4d4a-9d38-3f1f6f0c1a11';
const ANALYSIS = {
  id: '5b0c9e43-1f0e-4bb8-9a43-2b9c9f0f2d10',
  status: 'succeeded',
  answer: 'North grew fastest.\nSouth was flat.',
  citations: [{ id: 'c1', documentName: 'Report.pdf', page: 3, quote: 'North +18%', url: `${API}/api/v1/documents/d1/file?s=x#page=3` }],
  error: null,
};

type Fn = (...args: unknown[]) => unknown;
let code: string;

function load(world: World) {
  const context = vm.createContext({ ...appsScriptGlobals(world), console });
  vm.runInContext(code, context, { filename: 'Code.js' });
  const fn = (name: string) => {
    const f = (context as Record<string, unknown>)[name];
    assert.equal(typeof f, 'function', `${name} is not a global function in Code.js`);
    return f as Fn;
  };
  // Dates must come from the script's own realm, as Sheets' getValues() returns them.
  const date = (iso: string) => vm.runInContext(`new Date(${JSON.stringify(iso)})`, context) as Date;
  return { fn, date };
}

function newWorld(respond: (call: FetchCall) => { status: number; body?: unknown }): World {
  const data = new FakeSheet('Data');
  return {
    sheets: new Map([['Data', data]]),
    active: data,
    selection: [],
    userProps: new Map(),
    scriptProps: new Map([['INTELLIO_API_URL', API]]),
    fetches: [],
    menus: [],
    sidebars: [],
    respond,
  };
}

/** A backend that knows one user and answers analyses. */
function backend(call: FetchCall): { status: number; body?: unknown } {
  const route = `${call.method.toUpperCase()} ${call.url.replace(API, '')}`;
  if (route === 'POST /api/v1/auth/login') {
    const body = call.body as { password: string };
    if (body.password !== 'right') return { status: 401, body: { error: { code: 'invalid_credentials', message: 'Email or password is incorrect.', details: null } } };
    return { status: 200, body: { data: { user: USER, accessToken: 'access-1', refreshToken: 'refresh-1' } } };
  }
  if (route === 'POST /api/v1/auth/refresh') return { status: 200, body: { data: { user: USER, accessToken: 'access-2', refreshToken: 'refresh-2' } } };
  if (call.headers.Authorization !== 'Bearer access-1' && call.headers.Authorization !== 'Bearer access-2') return { status: 401, body: { error: { code: 'unauthorized', message: 'Sign in.', details: null } } };
  if (route === 'POST /api/v1/analyses') return { status: 201, body: { data: ANALYSIS } };
  if (route === 'POST /api/v1/prompts/refine') return { status: 200, body: { data: { refinedPrompt: 'Refined.', intent: 'compare' } } };
  if (route === 'GET /api/v1/categories') return { status: 200, body: { data: [{ id: 'c', name: 'Sales', projects: [{ id: PROJECT, name: 'Q3' }] }] } };
  return { status: 404, body: { error: { code: 'not_found', message: 'Not found.', details: null } } };
}

describe('Google Sheets: Code.js in node:vm', () => {
  before(function () {
    this.timeout(60_000);
    execFileSync(process.execPath, [path.join(root, 'scripts', 'build.mjs')], { cwd: root, stdio: 'pipe' });
    code = fs.readFileSync(path.join(root, 'dist', 'Code.js'), 'utf8');
  });

  it('adds the Intellio → Open menu and opens Sidebar.html', () => {
    const world = newWorld(backend);
    const { fn } = load(world);
    fn('onOpen')();
    assert.deepEqual(world.menus, [{ title: 'Intellio', items: [['Open', 'showSidebar']] }]);
    fn('showSidebar')();
    assert.deepEqual(
      world.sidebars.map((s) => [s.file, s.title]),
      [['Sidebar', 'Intellio']],
    );
    for (const name of ['onInstall', 'getSelection', 'callApi', 'insertAnswer', 'selectCells', 'signIn', 'verifyMfa', 'getLocales', 'signOut', 'getSession', 'analyse', 'refinePrompt']) fn(name);
  });

  it('signs in with the add-in client kind and keeps the tokens in user properties', () => {
    const world = newWorld(backend);
    const { fn } = load(world);
    assert.throws(() => fn('signIn')('ada@example.com', 'wrong'), /Email or password is incorrect\./);
    assert.equal(world.userProps.size, 0);
    const result = fn('signIn')('ada@example.com', 'right') as { mfaRequired: false; user: typeof USER };
    assert.equal(result.mfaRequired, false);
    assert.equal(result.user.email, 'ada@example.com');
    const login = world.fetches.at(-1)!;
    assert.equal(login.url, `${API}/api/v1/auth/login`);
    assert.deepEqual(login.body, { email: 'ada@example.com', password: 'right', client: 'addin' });
    assert.equal(login.headers['X-Intellio-Client'], 'addin');
    assert.equal(world.userProps.get('intellio.accessToken'), 'access-1');
    assert.equal(world.userProps.get('intellio.refreshToken'), 'refresh-1');
  });

  it('sends a two-range selection (headers, dates as ISO text, blanks as null) with the question', () => {
    const world = newWorld(backend);
    const { fn, date } = load(world);
    world.userProps.set('intellio.accessToken', 'access-1');
    world.userProps.set('intellio.refreshToken', 'refresh-1');
    const data = world.sheets.get('Data')!;
    world.selection = [
      selectedRange(data, 'A1:B3', [
        ['Region', 'Revenue'],
        ['North', 1200.5],
        ['South', ''],
      ]),
      selectedRange(data, 'D1:D3', [['Closed'], [date('2024-01-01T00:00:00Z')], [date('2024-02-01T12:30:00Z')]]),
    ];
    const result = fn('analyse')({ projectId: PROJECT, prompt: 'Which region grew fastest?', firstRowIsHeaders: true }) as typeof ANALYSIS;
    assert.equal(result.answer, ANALYSIS.answer);
    const sent = world.fetches.at(-1)!;
    assert.equal(sent.url, `${API}/api/v1/analyses`);
    assert.equal(sent.method, 'post');
    assert.equal(sent.headers.Authorization, 'Bearer access-1');
    assert.deepEqual(sent.body, {
      projectId: PROJECT,
      prompt: 'Which region grew fastest?',
      source: 'sheets',
      selection: {
        workbook: 'Forecast',
        sheet: 'Data',
        ranges: [
          { address: 'A1:B3', headers: ['Region', 'Revenue'], values: [['North', 1200.5], ['South', null]] },
          { address: 'D1:D3', headers: ['Closed'], values: [['2024-01-01'], ['2024-02-01T12:30:00']] },
        ],
      },
    });
    // The contract: the backend's own schema takes the request, naming the values from row 2 on.
    const parsed = createAnalysisSchema({ analysis: { maxCells: 50_000 } } as Config).safeParse(sent.body);
    assert.ok(parsed.success, JSON.stringify(parsed.error?.issues));
    assert.deepEqual(parsed.data.selection.ranges.map((r) => r.address), ['A2:B3', 'D2:D3']);
    // Refining sends the same selection, which the backend's refine schema takes too.
    assert.deepEqual({ ...(fn('refinePrompt')({ projectId: PROJECT, prompt: 'Which region grew fastest?', firstRowIsHeaders: true }) as object) }, { refinedPrompt: 'Refined.', intent: 'compare' });
    const refine = refineSchema({ analysis: { maxCells: 50_000 } } as Config).safeParse(world.fetches.at(-1)!.body);
    assert.ok(refine.success, JSON.stringify(refine.error?.issues));
  });

  it('writes dates in the spreadsheet\'s time zone: a date typed in Seoul is that day, not the UTC day before', () => {
    const world = newWorld(backend);
    world.timeZone = 'Asia/Seoul';
    const { fn, date } = load(world);
    world.userProps.set('intellio.accessToken', 'access-1');
    world.userProps.set('intellio.refreshToken', 'refresh-1');
    // What getValues() returns for 2024-03-15 and 2024-03-15 10:30 typed in a Seoul spreadsheet.
    world.selection = [selectedRange(world.sheets.get('Data')!, 'A1:B2', [['Day', 'Closed'], [date('2024-03-14T15:00:00.000Z'), date('2024-03-15T01:30:00.000Z')]])];
    fn('analyse')({ projectId: PROJECT, prompt: '언제 마감했나요?', firstRowIsHeaders: true });
    const sent = world.fetches.at(-1)!.body as { selection: { ranges: Array<{ values: unknown[][] }> } };
    assert.deepEqual(sent.selection.ranges[0].values, [['2024-03-15', '2024-03-15T10:30:00']]);
  });

  it('refreshes an expired access token once and retries, keeping the rotated tokens', () => {
    const world = newWorld(backend);
    const { fn } = load(world);
    world.userProps.set('intellio.accessToken', 'expired');
    world.userProps.set('intellio.refreshToken', 'refresh-1');
    const categories = fn('callApi')('/categories') as { projects: { id: string }[] }[];
    assert.equal(categories[0].projects[0].id, PROJECT);
    assert.deepEqual(
      world.fetches.map((f) => `${f.method} ${f.url.replace(API, '')}`),
      ['get /api/v1/categories', 'post /api/v1/auth/refresh', 'get /api/v1/categories'],
    );
    assert.deepEqual(world.fetches[1].body, { refreshToken: 'refresh-1' });
    assert.equal(world.userProps.get('intellio.refreshToken'), 'refresh-2');
  });

  it('sends a whole column by its cells\' corners, which the backend takes, not as "B:B"', () => {
    const world = newWorld(backend);
    const { fn } = load(world);
    world.userProps.set('intellio.accessToken', 'access-1');
    world.userProps.set('intellio.refreshToken', 'refresh-1');
    const column: (string | number)[][] = Array.from({ length: 1000 }, (_, i) => [i === 0 ? 'Revenue' : i < 4 ? i * 100 : '']);
    world.selection = [selectedRange(world.sheets.get('Data')!, 'B:B', column, { row: 1, col: 2 })];
    fn('analyse')({ projectId: PROJECT, prompt: 'Total?', firstRowIsHeaders: true });
    const sent = world.fetches.at(-1)!.body as { selection: { ranges: { address: string }[] } };
    assert.equal(sent.selection.ranges[0].address, 'B1:B1000');
    const parsed = createAnalysisSchema({ analysis: { maxCells: 50_000 } } as Config).safeParse(sent);
    assert.ok(parsed.success, JSON.stringify(parsed.error?.issues));
  });

  it('refuses paths the sidebar has no business calling, and selections above the limit, before any request', () => {
    const world = newWorld(backend);
    const { fn } = load(world);
    assert.throws(() => fn('callApi')('/admin/users'), /may not call/);
    const data = world.sheets.get('Data')!;
    world.selection = [{ ...selectedRange(data, 'A1:Z3000', [[1]]), getNumRows: () => 3000, getNumColumns: () => 26 }];
    assert.throws(() => fn('analyse')({ projectId: PROJECT, prompt: 'x', firstRowIsHeaders: false }), /A1:Z3000 has 78,000 cells; Intellio analyses up to 50,000 at a time/);
    world.selection = [];
    assert.throws(() => fn('analyse')({ projectId: PROJECT, prompt: 'x', firstRowIsHeaders: false }), /Select the cells/);
    assert.equal(world.fetches.length, 0);
  });

  it('signs an MFA account in with a second step: the challenge stays server-side, a wrong code keeps it', () => {
    const world = newWorld((call) => {
      if (call.url.endsWith('/auth/login')) return { status: 200, body: { data: { mfaRequired: true, mfaToken: 'challenge-1' } } };
      if (call.url.endsWith('/auth/mfa/verify')) {
        const body = call.body as { code?: string; recoveryCode?: string };
        if (body.code === '123456' || body.recoveryCode === 'abcd-efgh') return { status: 200, body: { data: { user: USER, accessToken: 'access-1', refreshToken: 'refresh-1' } } };
        return { status: 401, body: { error: { code: 'invalid_code', message: 'That code is not right.', details: null } } };
      }
      return backend(call);
    });
    const { fn } = load(world);
    // Values from the script's realm: compared as JSON, as google.script.run would hand them over.
    assert.deepEqual(JSON.parse(JSON.stringify(fn('signIn')('ada@example.com', 'right'))), { mfaRequired: true });
    assert.equal(world.userProps.get('intellio.mfaToken'), 'challenge-1');
    assert.equal(world.userProps.get('intellio.accessToken'), undefined, 'no session before the second step');
    assert.throws(() => fn('verifyMfa')({ code: '000000' }), /That code is not right\./);
    assert.equal(world.userProps.get('intellio.mfaToken'), 'challenge-1', 'a wrong code may be tried again');
    const done = fn('verifyMfa')({ recoveryCode: 'abcd-efgh' }) as { mfaRequired: false; user: typeof USER };
    assert.equal(done.user.email, 'ada@example.com');
    assert.deepEqual(world.fetches.at(-1)?.body, { recoveryCode: 'abcd-efgh', mfaToken: 'challenge-1', client: 'addin' });
    assert.equal(world.userProps.get('intellio.refreshToken'), 'refresh-1');
    assert.equal(world.userProps.get('intellio.mfaToken'), undefined);
    // Without a pending challenge the step says to start again.
    assert.throws(() => fn('verifyMfa')({ code: '123456' }), /Sign in again/);
  });

  it('speaks the Google account\'s language (Korean) to the user and to the API, unless the user chose another', () => {
    const world = newWorld(backend);
    world.userLocale = 'ko';
    const { fn } = load(world);
    fn('onOpen')();
    assert.deepEqual(world.menus, [{ title: 'Intellio', items: [['열기', 'showSidebar']] }]);
    assert.deepEqual(JSON.parse(JSON.stringify(fn('getLocales')())), ['ko', 'en_US']);
    // A blank header cell is named in Korean too (the model reads the name as the column's).
    world.userProps.set('intellio.accessToken', 'access-1');
    world.selection = [selectedRange(world.sheets.get('Data')!, 'A1:B2', [['', 'Revenue'], ['North', 1]])];
    fn('analyse')({ projectId: PROJECT, prompt: 'x', firstRowIsHeaders: true });
    assert.deepEqual((world.fetches.at(-1)?.body as { selection: { ranges: { headers: string[] }[] } }).selection.ranges[0].headers, ['열 1', 'Revenue']);
    world.userProps.delete('intellio.accessToken');
    world.selection = [];
    assert.throws(() => fn('analyse')({ projectId: PROJECT, prompt: 'x', firstRowIsHeaders: false }), /먼저 분석할 셀을 선택하세요\./);
    assert.throws(() => fn('callApi')('/admin/users'), /사이드바에서는 \/admin\/users을\(를\) 호출할 수 없습니다/);
    fn('signIn')('ada@example.com', 'right');
    assert.equal(world.fetches.at(-1)?.headers['Accept-Language'], 'ko');
    // The Intellio setting, kept at sign-in, wins over Google's locale.
    const english = newWorld((call) => (call.url.endsWith('/auth/login') ? { status: 200, body: { data: { user: { ...USER, language: 'en' }, accessToken: 'access-1', refreshToken: 'refresh-1' } } } : backend(call)));
    english.userLocale = 'ko_KR';
    const { fn: fnEn } = load(english);
    fnEn('signIn')('ada@example.com', 'right');
    english.selection = [];
    assert.throws(() => fnEn('analyse')({ projectId: PROJECT, prompt: 'x', firstRowIsHeaders: false }), /Select the cells to analyse first\./);
    fnEn('callApi')('/categories');
    assert.equal(english.fetches.at(-1)?.headers['Accept-Language'], 'en');
  });

  it('insertAnswer writes the answer and a bold citations table on a new sheet', () => {
    const world = newWorld(backend);
    const { fn } = load(world);
    const done = fn('insertAnswer')({ answer: ANALYSIS.answer, citations: ANALYSIS.citations, includeCitations: true, target: { kind: 'sheet', name: 'Intellio answer' } });
    assert.deepEqual({ ...(done as object) }, { sheet: 'Intellio answer', address: 'A1:E5' });
    const sheet = world.sheets.get('Intellio answer')!;
    assert.deepEqual(sheet.read('A1', 5, 5), [
      ['North grew fastest.', '', '', '', ''],
      ['South was flat.', '', '', '', ''],
      ['', '', '', '', ''],
      ['#', 'Document', 'Page', 'Quote', 'Link'],
      // An old analysis without a stable link: the source links to the signed URL it has.
      ['[c1]', 'Report.pdf', 3, 'North +18%', `=HYPERLINK("${ANALYSIS.citations[0].url}", "Report.pdf, p. 3")`],
    ]);
    assert.deepEqual([...sheet.bold], ['A4', 'B4', 'C4', 'D4', 'E4']);
    assert.ok(sheet.activated);
    assert.throws(() => fn('insertAnswer')({ answer: 'x', citations: [], includeCitations: false, target: { kind: 'sheet', name: 'Intellio answer' } }), /already exists/);
  });

  it('insertAnswer adds a bold Note column when a quote was read by OCR from a scan', () => {
    const world = newWorld(backend);
    const { fn } = load(world);
    const scanned = { id: 'c2', documentName: 'Lease.pdf', page: 2, quote: 'Rent is 4,200.', ocr: true, url: `${API}/api/v1/documents/d2/file?s=x#page=2` };
    fn('insertAnswer')({ answer: 'Rent is fixed.', citations: [...ANALYSIS.citations, scanned], includeCitations: true, target: { kind: 'sheet', name: 'Intellio answer' } });
    const sheet = world.sheets.get('Intellio answer')!;
    assert.deepEqual(sheet.read('A3', 3, 6), [
      ['#', 'Document', 'Page', 'Quote', 'Link', 'Note'],
      ['[c1]', 'Report.pdf', 3, 'North +18%', `=HYPERLINK("${ANALYSIS.citations[0].url}", "Report.pdf, p. 3")`, ''],
      ['[c2]', 'Lease.pdf', 2, 'Rent is 4,200.', `=HYPERLINK("${scanned.url}", "Lease.pdf, p. 2")`, 'Scanned page, read by OCR: check the quote against the page'],
    ]);
    assert.deepEqual([...sheet.bold], ['A3', 'B3', 'C3', 'D3', 'E3', 'F3']);
  });

  it('insertAnswer writes only the answer at a named cell, and explains a missing sheet', () => {
    const world = newWorld(backend);
    const { fn } = load(world);
    const done = fn('insertAnswer')({ answer: 'One line.', citations: ANALYSIS.citations, includeCitations: false, target: { kind: 'cell', address: "'Data'!H2" } });
    assert.deepEqual({ ...(done as object) }, { sheet: 'Data', address: 'H2' });
    const data = world.sheets.get('Data')!;
    assert.deepEqual([...data.cells.entries()], [['H2', 'One line.']]);
    assert.throws(() => fn('insertAnswer')({ answer: 'x', citations: [], includeCitations: false, target: { kind: 'cell', address: 'Nope!A1' } }), /There is no sheet named "Nope"/);
  });

  it('insertAnswer grows the sheet to fit: a new sheet has 1,000 rows and 26 columns', () => {
    const world = newWorld(backend);
    const { fn } = load(world);
    const answer = Array.from({ length: 1200 }, (_, i) => `Line ${i + 1}`).join('\n');
    assert.deepEqual({ ...(fn('insertAnswer')({ answer, citations: [], includeCitations: false, target: { kind: 'sheet', name: 'Long' } }) as object) }, { sheet: 'Long', address: 'A1:A1200' });
    assert.equal(world.sheets.get('Long')!.cells.get('A1200'), 'Line 1200');
    // At column Y the five-column citations table runs past Z.
    fn('insertAnswer')({ answer: 'One line.', citations: ANALYSIS.citations, includeCitations: true, target: { kind: 'cell', address: 'Y1' } });
    assert.deepEqual(world.sheets.get('Data')!.read('Y3', 1, 5), [['#', 'Document', 'Page', 'Quote', 'Link']]);
  });

  it('insertAnswer links each source to its stable app link and writes the unsupported claim with its flag', () => {
    const world = newWorld(backend);
    const { fn } = load(world);
    const citations = [
      { id: 'P1', documentName: 'Report "Q3".pdf', page: 3, quote: 'North +18%', url: `${API}/api/v1/documents/d1/file?s=x#page=3`, appUrl: `${API}/d/d1?page=3` },
      { id: 'P2', documentName: 'Notes.docx', page: null, quote: 'South flat.', url: `${API}/api/v1/documents/d2/file?s=y`, appUrl: `${API}/d/d2` },
    ];
    const claims = [
      { text: 'North grew 18%.', verdict: 'supported', sources: [{ type: 'passage', citation: 'P1', documentId: 'd1', page: 3 }] },
      { text: 'South shrank by 40%.', verdict: 'unsupported', sources: [{ type: 'passage', citation: 'P2', documentId: 'd2', page: null }], reason: '40% is not in P2' },
    ];
    fn('insertAnswer')({ answer: 'North grew 18% [P1].\nSouth shrank by 40% [P2].', citations, claims, includeCitations: true, target: { kind: 'sheet', name: 'Checked' } });
    const sheet = world.sheets.get('Checked')!;
    assert.deepEqual(sheet.read('A1', 8, 5), [
      ['North grew 18% [P1].', '', '', '', ''],
      ['South shrank by 40% [P2].', '⚠ Not found in its sources: 40% is not in P2', '', '', ''],
      ['', '', '', '', ''],
      ['1 of 2 statements checked against their sources · 1 not found in its sources', '', '', '', ''],
      ['', '', '', '', ''],
      ['#', 'Document', 'Page', 'Quote', 'Link'],
      ['[P1]', 'Report "Q3".pdf', 3, 'North +18%', `=HYPERLINK("${API}/d/d1?page=3", "Report ""Q3"".pdf, p. 3")`],
      ['[P2]', 'Notes.docx', '', 'South flat.', `=HYPERLINK("${API}/d/d2", "Notes.docx")`],
    ]);
    assert.deepEqual([...sheet.bold], ['A6', 'B6', 'C6', 'D6', 'E6']);
  });

  it('selectCells shows the cited sheet and selects the range on it', () => {
    const world = newWorld(backend);
    const plan = new FakeSheet('Q3 plan');
    world.sheets.set('Q3 plan', plan);
    const { fn } = load(world);
    assert.deepEqual({ ...(fn('selectCells')('Q3 plan', 'B2:B9') as object) }, { sheet: 'Q3 plan', address: 'B2:B9' });
    assert.equal(plan.activated, true);
    assert.equal(plan.activeRange, 'B2:B9');
    assert.equal(world.sheets.get('Data')!.activeRange, null);
    // Without a sheet name (an old analysis that did not say where its cells were): the active sheet.
    fn('selectCells')(null, 'c4');
    assert.equal(world.sheets.get('Data')!.activeRange, 'C4');
    assert.throws(() => fn('selectCells')('Gone', 'B2'), /There is no sheet named "Gone"/);
    assert.throws(() => fn('selectCells')('Q3 plan', 'B2; DROP'), /not a cell or range address/);
    assert.equal(world.fetches.length, 0);
  });

  it('signOut revokes the refresh token and forgets the session', () => {
    const world = newWorld((call) => (call.url.endsWith('/auth/logout') ? { status: 204 } : backend(call)));
    const { fn } = load(world);
    world.userProps.set('intellio.accessToken', 'access-1');
    world.userProps.set('intellio.refreshToken', 'refresh-1');
    fn('signOut')();
    assert.deepEqual(world.fetches.at(-1)?.body, { refreshToken: 'refresh-1' });
    assert.equal(world.userProps.size, 0);
    assert.equal(fn('getSession')(), null);
  });
});

describe('Google Sheets: =INTELLIO and =INTELLIO_FILL in Code.js', () => {
  // Apps Script stops a custom function at 30 s: each evaluation runs under that budget here too.
  const BUDGET_MS = 30_000;
  type Item = { prompt: string; values: unknown[][]; mode: 'ask' | 'fill' };

  before(function () {
    this.timeout(60_000);
    if (!code) {
      execFileSync(process.execPath, [path.join(root, 'scripts', 'build.mjs')], { cwd: root, stdio: 'pipe' });
      code = fs.readFileSync(path.join(root, 'dist', 'Code.js'), 'utf8');
    }
  });

  /**
   * A formulas server with its own cache: `slow` answers take longer than the wait a request allows
   * (Prefer: wait=N), so it replies 202 and finishes them in the background, like the real one.
   */
  function formulaServer(opts: { slow?: Set<string> } = {}) {
    const computed = new Map<string, string | string[]>();
    const charged: string[] = [];
    const respond = (call: FetchCall) => {
      if (call.url !== `${API}/api/v1/formulas` || call.method !== 'post') return backend(call);
      if (call.headers.Authorization !== 'Bearer access-1') return { status: 401, body: { error: { code: 'unauthorized', message: 'Sign in.', details: null } } };
      const { items } = call.body as { items: Item[] };
      const waited = call.headers.Prefer !== undefined;
      const fresh = items.filter((i) => !computed.has(JSON.stringify(i)));
      if (waited && fresh.some((i) => opts.slow?.has(i.prompt))) {
        for (const i of fresh) {
          computed.set(JSON.stringify(i), answer(i));
          charged.push(i.prompt);
        }
        return { status: 202 };
      }
      const results = items.map((i) => {
        const key = JSON.stringify(i);
        const cached = computed.has(key);
        if (!cached) {
          computed.set(key, answer(i));
          charged.push(i.prompt);
        }
        if (i.prompt === 'poor') return { value: '', cached: false, tokensCharged: 0, error: '#INTELLIO: balance too low' };
        return { value: computed.get(key)!, cached, tokensCharged: cached ? 0 : 12 };
      });
      return { status: 200, body: { data: { results } } };
    };
    const answer = (i: Item) => (i.mode === 'fill' ? i.values.map((r) => `${String(r[0])}: ok`) : `${i.prompt} → ${i.values.flat().join(',')}`);
    return { respond, charged };
  }

  function signedIn(respond: (call: FetchCall) => { status: number; body?: unknown }, locale?: string) {
    const world = newWorld(respond);
    if (locale) world.userLocale = locale;
    world.userProps.set('intellio.accessToken', 'access-1');
    world.userProps.set('intellio.refreshToken', 'refresh-1');
    world.userProps.set('intellio.formulaProjectId', PROJECT);
    const context = vm.createContext({ ...appsScriptGlobals(world), console });
    vm.runInContext(code, context, { filename: 'Code.js' });
    // Each evaluation is its own script run with Apps Script's limit, as Sheets runs a custom function.
    const run = (expr: string, args: unknown[]) => {
      (context as Record<string, unknown>).__args = args;
      const out = vm.runInContext(`${expr}.apply(null, __args)`, context, { timeout: BUDGET_MS }) as unknown;
      // Arrays from the script's realm compare by prototype too: copy them into this one.
      return out === undefined ? out : (JSON.parse(JSON.stringify(out)) as unknown);
    };
    const date = (iso: string) => vm.runInContext(`new Date(${JSON.stringify(iso)})`, context) as Date;
    return { world, run, date };
  }

  it('passes a date argument as the day typed in the spreadsheet\'s time zone', () => {
    const server = formulaServer();
    const { world, run, date } = signedIn(server.respond);
    world.timeZone = 'Asia/Seoul';
    run('INTELLIO', ['When?', [[date('2026-02-28T15:00:00.000Z')]]]);
    assert.deepEqual((world.fetches.at(-1)!.body as { items: Array<{ values: unknown }> }).items[0].values, [['2026-03-01']]);
  });

  it('carries the @customfunction JSDoc into Code.js so Sheets offers both functions', () => {
    assert.match(code, /@customfunction\s*\*\/\s*function INTELLIO\(prompt, range\)/);
    assert.match(code, /@customfunction\s*\*\/\s*function INTELLIO_FILL\(prompt, range\)/);
  });

  it('answers from the server once; a recalculation of the same cells is served by CacheService, a changed cell asks again', () => {
    const server = formulaServer();
    const { world, run, date } = signedIn(server.respond);
    const range = [['North', 18, date('2026-03-01T00:00:00.000Z')], ['South', '', 0]];
    assert.equal(run('INTELLIO', ['Which grew?', range]), 'Which grew? → North,18,2026-03-01,South,,0');
    const sent = world.fetches.at(-1)!;
    assert.deepEqual(sent.body, { projectId: PROJECT, workbookId: '1FoReCaSt-spreadsheet-id', items: [{ prompt: 'Which grew?', values: [['North', 18, '2026-03-01'], ['South', null, 0]], mode: 'ask' }] });
    // The body is what the server's own schema accepts.
    assert.equal(formulasSchema.safeParse(sent.body).success, true);
    // It asks the server not to hold the request past what the 30 s allow.
    assert.ok(Number(/^wait=(\d+)$/.exec(sent.headers.Prefer)?.[1]) < BUDGET_MS / 1000);
    for (let i = 0; i < 100; i++) assert.equal(run('INTELLIO', ['Which grew?', range]), 'Which grew? → North,18,2026-03-01,South,,0');
    assert.equal(world.fetches.length, 1);
    range[1][2] = 5;
    assert.equal(run('INTELLIO', ['Which grew?', range]), 'Which grew? → North,18,2026-03-01,South,,5');
    assert.equal(world.fetches.length, 2);
    assert.deepEqual(server.charged, ['Which grew?', 'Which grew?']);
  });

  it('answers over the project picked in the sidebar: another project is another question, none is a short error', () => {
    const { world, run } = signedIn(formulaServer().respond);
    run('INTELLIO', ['Q', [[1]]]);
    const other = '7e2a1c7e-7a43-4d4a-9d38-3f1f6f0c1a22';
    run('setFormulaProject', [other]);
    run('INTELLIO', ['Q', [[1]]]);
    assert.deepEqual(world.fetches.map((f) => (f.body as { projectId: string }).projectId), [PROJECT, other]);
    world.userProps.delete('intellio.formulaProjectId');
    assert.equal(run('INTELLIO', ['Q', [[1]]]), '#INTELLIO: no project');
    assert.equal(world.fetches.length, 2);
  });

  it('INTELLIO_FILL returns one answer per row as a column; a single cell is a one-cell range', () => {
    const { run } = signedIn(formulaServer().respond);
    assert.deepEqual(run('INTELLIO_FILL', ['Classify', [['great'], ['awful']]]), [['great: ok'], ['awful: ok']]);
    assert.equal(run('INTELLIO', ['Double', 21]), 'Double → 21');
  });

  it('a slow answer shows the working message within the budget; "Refresh formulas" fills it in from the server cache', () => {
    const server = formulaServer({ slow: new Set(['Summarise']) });
    const { world, run } = signedIn(server.respond);
    const range = [['a'], ['b']];
    assert.equal(run('INTELLIO', ['Summarise', range]), '⏳ working — recalculates when done');
    assert.deepEqual(run('INTELLIO_FILL', ['Summarise', range]), [['⏳ working — recalculates when done'], ['⏳ working — recalculates when done']]);
    assert.equal(world.fetches.length, 2);
    // A recalculation while the server is still at it sends nothing more.
    assert.equal(run('INTELLIO', ['Summarise', range]), '⏳ working — recalculates when done');
    assert.equal(world.fetches.length, 2);
    // The cells as Sheets shows them, plus an unrelated formula and an INTELLIO cell that already has its answer.
    const sheet = world.sheets.get('Data')!;
    sheet.formulas.set('C1', '=INTELLIO("Summarise", A1:A2)');
    sheet.cells.set('C1', '⏳ working — recalculates when done');
    sheet.formulas.set('D1', '=INTELLIO("Other", A1:A2)');
    sheet.cells.set('D1', 'done already');
    sheet.formulas.set('E1', '=SUM(A1:A2)');
    assert.deepEqual(run('refreshFormulas', []), { filled: 2, working: 0 });
    const refresh = world.fetches.at(-1)!;
    assert.equal(refresh.headers.Prefer, undefined);
    assert.deepEqual((refresh.body as { items: Item[] }).items.map((i) => i.mode), ['ask', 'fill']);
    assert.deepEqual(sheet.formulaWrites, [['C1', ''], ['C1', '=INTELLIO("Summarise", A1:A2)']]);
    assert.ok((world.flushes ?? 0) >= 1);
    // Sheets recalculates the re-entered formula: the answer comes from CacheService, no request.
    const before = world.fetches.length;
    assert.equal(run('INTELLIO', ['Summarise', range]), 'Summarise → a,b');
    assert.deepEqual(run('INTELLIO_FILL', ['Summarise', range]), [['a: ok'], ['b: ok']]);
    assert.equal(world.fetches.length, before);
    assert.deepEqual(server.charged, ['Summarise', 'Summarise']);
    assert.deepEqual(run('refreshFormulas', []), { filled: 0, working: 0 });
  });

  it('speaks Korean in the working message for a Korean account', () => {
    const { run } = signedIn(formulaServer({ slow: new Set(['요약']) }).respond, 'ko');
    assert.equal(run('INTELLIO', ['요약', [['a']]]), '⏳ 처리 중 — 완료되면 다시 계산됩니다');
  });

  it('shows short #INTELLIO texts and never throws: signed out, an item error, a refused session', () => {
    const server = formulaServer();
    const { world, run } = signedIn(server.respond);
    assert.equal(run('INTELLIO', ['poor', [[1]]]), '#INTELLIO: balance too low');
    // Errors are not cached: after a top-up the next recalculation asks again.
    run('INTELLIO', ['poor', [[1]]]);
    assert.equal(world.fetches.length, 2);
    assert.equal(run('INTELLIO', ['', [[1]]]), '#INTELLIO: no prompt');
    world.userProps.set('intellio.accessToken', 'expired');
    world.respond = (call) => (call.url.endsWith('/auth/refresh') ? { status: 401 } : server.respond(call));
    assert.equal(run('INTELLIO', ['Q', [[1]]]), '#INTELLIO: sign in');
    const fetched = world.fetches.length;
    assert.deepEqual(run('INTELLIO_FILL', ['Q', [[1], [2]]]), [['#INTELLIO: sign in'], ['#INTELLIO: sign in']]);
    assert.equal(world.fetches.length, fetched, 'no request without a session');
  });
});
