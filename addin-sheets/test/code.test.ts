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
    for (const name of ['onInstall', 'getSelection', 'callApi', 'insertAnswer', 'selectCells', 'signIn', 'signOut', 'getSession', 'analyse', 'refinePrompt']) fn(name);
  });

  it('signs in with the add-in client kind and keeps the tokens in user properties', () => {
    const world = newWorld(backend);
    const { fn } = load(world);
    assert.throws(() => fn('signIn')('ada@example.com', 'wrong'), /Email or password is incorrect\./);
    assert.equal(world.userProps.size, 0);
    const user = fn('signIn')('ada@example.com', 'right') as typeof USER;
    assert.equal(user.email, 'ada@example.com');
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
          { address: 'D1:D3', headers: ['Closed'], values: [['2024-01-01'], ['2024-02-01T12:30:00.000Z']] },
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

  it('refuses paths the sidebar has no business calling, and selections above the limit, before any request', () => {
    const world = newWorld(backend);
    const { fn } = load(world);
    assert.throws(() => fn('callApi')('/admin/users'), /may not call/);
    const data = world.sheets.get('Data')!;
    world.selection = [{ ...selectedRange(data, 'A1:Z3000', [[1]]), getNumRows: () => 3000, getNumColumns: () => 26 }];
    assert.throws(() => fn('analyse')({ projectId: PROJECT, prompt: 'x', firstRowIsHeaders: false }), /78000 cells; Intellio analyses up to 50000/);
    world.selection = [];
    assert.throws(() => fn('analyse')({ projectId: PROJECT, prompt: 'x', firstRowIsHeaders: false }), /Select the cells/);
    assert.equal(world.fetches.length, 0);
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
