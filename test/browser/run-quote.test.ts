/**
 * The pre-run quote in the web app (issue 28 §1), in Chromium against the real backend with an
 * OpenAI-compatible model (a fake on loopback): the quote appears under the selection once there is a
 * question, follows the question as it changes, and warns when the balance would not cover the run.
 */
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { debit } from '../../backend/src/billing/ledger.js';
import { startFakeOpenAI, type FakeOpenAI } from '../../backend/test/fake-openai.js';
import { screenshot } from '../support/browser.js';
import { logIn, uploadReady, userWithProject, webappSuite } from '../support/webapp.js';

const QUOTE = /^≈ ([\d,]+) tokens \(([\d,]+)–([\d,]+)\) · balance after (-?[\d,]+)$/;
const num = (s: string) => Number(s.replace(/,/g, ''));

describe('web app: the quote before Analyse (browser)', function () {
  this.timeout(180_000);

  let fake: FakeOpenAI;
  const suite = webappSuite(async () => {
    fake = await startFakeOpenAI();
    return { OPENAI_BASE_URL: fake.baseUrl, CHAT_PROVIDER: 'openai', EMBEDDING_PROVIDER: 'local', CHAT_MODEL: 'gpt-4o-mini' };
  });
  const { pages } = suite;
  after(() => fake?.close());

  async function openSelection(page: Page, who: Awaited<ReturnType<typeof userWithProject>>) {
    const csv = 'Month,Revenue,Cost\nJan,1200,800\nFeb,1350,820\nMar,1500,790\nApr,1480,810\nMay,9100,805\nJun,1700,830\n';
    await uploadReady(suite.server.url, who.token, who.projectId, 'sales.csv', Buffer.from(csv), 'text/csv');
    await logIn(page, who.user);
    await page.goto(`/projects/${who.projectId}`);
    // Generous waits: this machine's other suites may be loading it.
    await page.getByTestId('document-row').first().waitFor({ timeout: 60_000 });
    await page.getByRole('combobox', { name: 'Open a document as a table' }).selectOption({ label: 'sales.csv' });
    await page.getByTestId('sheet-grid').waitFor({ timeout: 60_000 });
    await page.locator('[data-cell="A1"]').click();
    await page.locator('[data-cell="C7"]').click({ modifiers: ['Shift'] });
    await page.getByTestId('analyse-selection').getByText('21 cells', { exact: false }).waitFor();
  }

  /** The quote's text once it differs from `previous` (the quote is asked again after a pause in typing). */
  async function quoteText(page: Page, previous = ''): Promise<string> {
    await page.waitForFunction((old) => {
      const text = document.querySelector('[data-testid="price-quote"]')?.textContent ?? '';
      return text.startsWith('≈') && text !== old && document.querySelector('[data-testid="price-quote"][aria-busy="true"]') === null;
    }, previous);
    return (await page.getByTestId('price-quote').textContent()) ?? '';
  }

  it('shows the quote for the question and the selection, and follows the question as it changes', async () => {
    const owner = await userWithProject(suite.server.url, 'Quinn Quote');
    const page = await pages.open();
    await openSelection(page, owner);

    await page.getByTestId('prompt-input').fill('Summarise revenue');
    const first = await quoteText(page);
    const m1 = QUOTE.exec(first);
    assert.ok(m1, first);
    const [estimate1, low1, high1] = [num(m1[1]), num(m1[2]), num(m1[3])];
    assert.ok(low1 <= estimate1 && estimate1 <= high1, first);
    const balance = await (await fetch(`${suite.server.url}/api/v1/billing/balance`, { headers: { authorization: `Bearer ${owner.token}` } })).json();
    assert.equal(num(m1[4]), balance.data.available - estimate1, 'balance after = available − the estimate');
    assert.equal(await page.getByTestId('quote-warning').count(), 0);

    // A longer question sends more tokens: the quote is asked again and grows.
    await page.getByTestId('prompt-input').fill('Summarise revenue and cost month by month, and explain in detail which months stand out, why May is so much higher than the others, and what that means for the rest of the year');
    const second = await quoteText(page, first);
    const m2 = QUOTE.exec(second);
    assert.ok(m2, second);
    assert.ok(num(m2[1]) > estimate1, `${second} after ${first}`);
    await screenshot(page, 'run-quote-1280');

    // The run is quoted and settled; the first account is the administrator, whose Overview shows the accuracy.
    fake.reply = () => ({ text: 'May stands out at 9100 [B6].' });
    await page.getByRole('button', { name: 'Analyse' }).click();
    await page.getByTestId('answer-text').getByText('May stands out', { exact: false }).waitFor({ timeout: 60_000 });
    // The answer shows as it streams, before the run is stored as settled: wait for the stored row.
    let row: Record<string, unknown> | undefined;
    for (let i = 0; i < 300 && !row; i++) {
      row = await suite.server.deps.knex('analyses').where({ status: 'succeeded' }).orderBy('createdAt', 'desc').first();
      if (!row) await new Promise((r) => setTimeout(r, 100));
    }
    assert.ok(row, 'the run was stored as succeeded');
    assert.equal(Number(row.quoteHigh), Number(row.tokensReserved), 'the run held the quote’s high');
    await page.goto('/admin');
    await page.getByTestId('admin-overview').waitFor();
    const settled = Number(row.tokensCharged);
    const error = Math.abs(settled - Number(row.quoteEstimated)) / settled;
    assert.equal((await page.getByTestId('stat-quote-error').textContent())?.replace('Quote error (median)', ''), new Intl.NumberFormat('en-US', { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(error));
    assert.match((await page.getByTestId('stat-quote-coverage').textContent()) ?? '', /100\.0%$/);
  });

  it('warns when the balance would not cover the most the run may cost', async () => {
    const poor = await userWithProject(suite.server.url, 'Pat Short');
    const row = await suite.server.deps.knex('users').where({ email: poor.user.email.toLowerCase() }).first('id');
    const balance = await (await fetch(`${suite.server.url}/api/v1/billing/balance`, { headers: { authorization: `Bearer ${poor.token}` } })).json();
    await debit(suite.server.deps.knex, { userId: row.id, amount: balance.data.available - 50, kind: 'adjust', idempotencyKey: `drain:${row.id}` });
    const page = await pages.open();
    await openSelection(page, poor);
    await page.getByTestId('prompt-input').fill('Summarise revenue');
    await quoteText(page);
    const warning = page.getByTestId('quote-warning');
    await warning.waitFor();
    assert.match((await warning.textContent()) ?? '', /Your available balance \(50 tokens\) may not cover this run: it can cost up to [\d,]+ tokens\./);
  });
});
