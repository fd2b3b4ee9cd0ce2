/**
 * What the add-ins' browser suites share: the built add-in, the real backend and Chromium for the suite, a
 * browser context per page closed after each test, and no uncaught page error at the end; and the supplier
 * account the quote/variables/feedback suites of both add-ins work in.
 */
import assert from 'node:assert/strict';
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import type { TemplateAnalytics } from '@intellio/api-client';
import { credit, debit } from '../../backend/src/billing/ledger.js';
import { collectPageErrors, launchBrowser, requireBrowser } from './browser.js';
import { installOfficeStandIn, type StandInArea, type StandInOptions } from './office.js';
import { startServer, type TestServer } from './server.js';
import { apiCall, uploadReady, type TestUser } from './webapp.js';

export interface AddinSuite {
  /** The running backend (set by the suite's first `before` hook, so read it inside hooks and tests). */
  readonly server: TestServer;
  /** A page in a context of its own, its uncaught errors collected; the context closes after the test. */
  open(options: BrowserContextOptions): Promise<Page>;
  /** Uncaught errors of every page the suite opened (asserted empty once the suite ends). */
  readonly errors: Error[];
}

/**
 * Registers the hooks an add-in suite needs. `build` makes sure the add-in's bundle is current
 * (`ensureBuilt(...)`); `what` names the add-in in the failure message. `closeFirst` runs before the browser
 * and the server close (e.g. the Sheets bridges' workers). Call at the top of a `describe`; the suite's own
 * `before` hooks run after these.
 */
export function addinSuite(options: { build: () => void; what: string; closeFirst?: () => Promise<void> }): AddinSuite {
  let server: TestServer | undefined;
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];
  const errors: Error[] = [];
  before(async function () {
    requireBrowser(this);
    options.build();
    server = await startServer();
    browser = await launchBrowser();
  });
  afterEach(async () => {
    await Promise.all(contexts.splice(0).map((c) => c.close()));
  });
  after(async () => {
    await options.closeFirst?.();
    await browser?.close();
    await server?.close();
  });
  after(() => {
    assert.deepEqual(
      errors.map((e) => e.message),
      [],
      `${options.what} threw uncaught errors`,
    );
  });
  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('the add-in suite has not started (read it inside hooks and tests)');
    return value;
  };
  return {
    errors,
    get server() {
      return started(server);
    },
    async open(contextOptions) {
      const context = await started(browser).newContext(contextOptions);
      contexts.push(context);
      const page = await context.newPage();
      errors.push(...collectPageErrors(page));
      return page;
    },
  };
}

/** The built Excel task pane in a page of the suite's, over a stand-in office.js holding `host`'s workbook. */
export async function openTaskPane(suite: AddinSuite, viewport: { width: number; height: number }, host: StandInOptions): Promise<Page> {
  const page = await suite.open({ viewport, baseURL: suite.server.url });
  await installOfficeStandIn(page, host);
  await page.goto('/addin/excel/taskpane.html');
  return page;
}

/** A small selection: North leads, as the supplier notes say. */
export const REGIONS: StandInArea = {
  address: 'A1:B3',
  values: [
    ['Region', 'Revenue'],
    ['North', 1200],
    ['South', 950],
  ],
};

/** 3,000 cells: the local analyst's price differs from the 6 cells' (20 + 150 tokens against 21). */
export const BIG: StandInArea = {
  address: 'A1:AD100',
  values: Array.from({ length: 100 }, (_, r) => Array.from({ length: 30 }, (_, c) => r * 30 + c)),
};

/** What the feedback tests send with a thumbs-down. */
export const COMPLAINT = { comment: 'It ignored the depots', corrected: 'North leads because Northwind opened two depots.' };

export interface StoredAnalysis {
  id: string;
  prompt: string;
  refinedPrompt: string;
  templateId: string;
  source: string;
}

export interface SupplierAccount {
  token: string;
  userId: string;
  projectId: string;
  templateId: string;
  /** Calls the API as this account (setup and checks that are not what the test is about). */
  api<T>(method: string, path: string, body?: unknown): Promise<T>;
  /** The project's newest analysis, as the API lists it. */
  latestAnalysis(): Promise<StoredAnalysis>;
  /** Leaves the account `tokens` to spend while `run` runs, then gives the rest back (`key` names the entries). */
  withBalance(tokens: number, key: string, run: () => Promise<void>): Promise<void>;
  /** Has the template ask for {{region}} too while `run` runs (as if edited elsewhere), then restores it. */
  withRegionVariable(run: () => Promise<void>): Promise<void>;
  /**
   * Asserts the server kept the one thumbs-down with COMPLAINT on `analysisId`: counted in the template's
   * analytics with its comment listed (grouped case-insensitively: the server lower-cases it), and the
   * corrected answer stored.
   */
  assertComplaint(analysisId: string): Promise<void>;
}

/** Asserts a stored analysis ran the supplier template with {{supplier}} filled in, never sent as literal text. */
export function assertSupplierFilled(analysis: StoredAnalysis, account: SupplierAccount, supplier: string): void {
  assert.equal(analysis.templateId, account.templateId);
  assert.match(analysis.refinedPrompt, new RegExp(`Which region leads for ${supplier}\\?`));
  assert.doesNotMatch(`${analysis.prompt} ${analysis.refinedPrompt}`, /\{\{\s*supplier\s*\}\}/);
}

/** The template's prompt: one variable, `supplier`, that the add-ins ask for before Analyse. */
export const SUPPLIER_PROMPT = 'Which region leads for {{supplier}}?';

/**
 * Signs `user` up as the server's first account (signed in by its sign-up), with a "Supplier review" project
 * holding one ready text file that names the leading region, and a "Supplier check" template asking
 * SUPPLIER_PROMPT.
 */
export async function supplierAccount(server: TestServer, user: TestUser): Promise<SupplierAccount> {
  const session = await apiCall<{ accessToken?: string; user: { id: string } }>(server.url, 'POST', '/auth/signup', user);
  assert.ok(session.accessToken, 'the first account of a fresh server is signed in by its sign-up');
  const token = session.accessToken;
  const userId = session.user.id;
  const api = <T>(method: string, path: string, body?: unknown) => apiCall<T>(server.url, method, path, body, token);
  const category = await api<{ id: string }>('POST', '/categories', { name: 'Suppliers' });
  const { id: projectId } = await api<{ id: string }>('POST', '/projects', { categoryId: category.id, name: 'Supplier review' });
  const { id: templateId } = await api<{ id: string }>('POST', '/templates', { name: 'Supplier check', prompt: SUPPLIER_PROMPT });
  await uploadReady(
    server.url,
    token,
    projectId,
    'supplier-notes.txt',
    Buffer.from('North revenue leads the regions because Northwind opened two depots.\n'),
    'text/plain',
  );
  return {
    token,
    userId,
    projectId,
    templateId,
    api,
    async latestAnalysis() {
      const [latest] = await api<StoredAnalysis[]>('GET', `/analyses?projectId=${projectId}&limit=1`);
      assert.ok(latest, 'the project has no analysis');
      return latest;
    },
    async withBalance(tokens, key, run) {
      const { available } = await api<{ available: number }>('GET', '/billing/balance');
      const amount = available - tokens;
      await debit(server.deps.knex, { userId, amount, kind: 'adjust', idempotencyKey: `${key}-drain:${userId}` });
      try {
        await run();
      } finally {
        await credit(server.deps.knex, { userId, amount, kind: 'adjust', idempotencyKey: `${key}-refill:${userId}` });
      }
    },
    async withRegionVariable(run) {
      await api('PATCH', `/templates/${templateId}`, { prompt: 'Which region leads for {{supplier}} in {{region}}?' });
      try {
        await run();
      } finally {
        await api('PATCH', `/templates/${templateId}`, { prompt: SUPPLIER_PROMPT });
      }
    },
    async assertComplaint(analysisId) {
      const analytics = await api<TemplateAnalytics>('GET', `/templates/${templateId}/analytics`);
      assert.equal(analytics.down, 1);
      assert.deepEqual(
        analytics.complaints.map((c) => ({ ...c, comment: c.comment.toLowerCase() })),
        [{ comment: COMPLAINT.comment.toLowerCase(), count: 1 }],
      );
      const row = await server.deps.knex('analysisFeedback').where({ analysisId }).first();
      assert.equal(row?.rating, 'down');
      assert.equal(row?.correctedAnswer, COMPLAINT.corrected);
    },
  };
}
