/**
 * The last English a Korean user met (issue 31), in Chromium against the real backend: a user whose language
 * is Korean reads a document's failure reason in Korean in the project's document list (stored as a code,
 * worded when shown), and a checked answer's flag on a made-up statement in Korean (an OpenAI-compatible fake
 * on 127.0.0.1 makes one figure up).
 */
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { makeEncryptedPdf } from '../../backend/test/pdf-fixtures.js';
import { screenshot } from '../support/browser.js';
import { fabricatingModelSuite, SALES_QUESTION, uploadSalesReport } from '../support/checked-answer.js';
import { apiCall, logIn, userWithProject } from '../support/webapp.js';

const HANGUL = /[\uAC00-\uD7A3]/;

describe('web app: failure reasons and answer flags in Korean (browser)', function () {
  this.timeout(180_000);

  const suite = fabricatingModelSuite();
  const { pages } = suite;
  let owner: Awaited<ReturnType<typeof userWithProject>>;
  let lockedId: string;

  before(async () => {
    const url = suite.server.url;
    owner = await userWithProject(url, 'Minji Park');
    await apiCall(url, 'PATCH', '/me', { language: 'ko' }, owner.token);
    await uploadSalesReport(url, owner);

    // A password-protected PDF: it fails for good, with a reason its owner can act on.
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(await makeEncryptedPdf())], { type: 'application/pdf' }), 'locked.pdf');
    const res = await fetch(`${url}/api/v1/projects/${owner.projectId}/documents`, { method: 'POST', headers: { Authorization: `Bearer ${owner.token}` }, body: form });
    assert.ok(res.ok, `upload locked.pdf → ${res.status}`);
    lockedId = ((await res.json()) as { data: { id: string } }).data.id;
    for (let i = 0; ; i += 1) {
      const doc = await apiCall<{ status: string }>(url, 'GET', `/documents/${lockedId}`, undefined, owner.token);
      if (doc.status === 'failed') break;
      assert.ok(i < 300 && doc.status !== 'ready', `locked.pdf is ${doc.status}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  });

  async function openProject(page: Page) {
    await logIn(page, owner.user);
    await page.goto(`/projects/${owner.projectId}`);
    await page.getByTestId('document-row').first().waitFor();
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'ko');
  }

  it('shows a failed document’s reason in Korean in the document list', async () => {
    const page = await pages.open();
    await openProject(page);
    const row = page.getByTestId('document-row').filter({ hasText: 'locked.pdf' });
    await row.getByText('암호', { exact: false }).first().waitFor();
    const text = (await row.innerText()).replace('locked.pdf', '');
    assert.match(text, HANGUL);
    assert.doesNotMatch(text, /password|protected|upload/i, `English left in the failed row: ${text}`);
    await screenshot(page, 'ko-document-failed');
  });

  it('flags a made-up statement in Korean in the answer', async () => {
    const page = await pages.open();
    await openProject(page);
    await page.getByRole('combobox', { name: '문서를 표로 열기' }).selectOption({ label: 'sales.csv' });
    await page.getByTestId('sheet-grid').waitFor();
    await page.locator('[data-cell="A1"]').click();
    await page.locator('[data-cell="C7"]').click({ modifiers: ['Shift'] });
    await page.getByTestId('prompt-input').fill(SALES_QUESTION);
    await page.getByRole('button', { name: '분석', exact: true }).click();
    await page.getByTestId('citation').first().waitFor({ timeout: 60_000 });

    const flag = page.getByTestId('claim-flag');
    await flag.first().waitFor();
    assert.equal(await flag.count(), 1);
    assert.match((await flag.textContent()) ?? '', /^출처에서 찾지 못함/);
    assert.doesNotMatch((await flag.textContent()) ?? '', /Not found in its sources/);
    const summary = (await page.getByTestId('claims-summary').textContent()) ?? '';
    assert.match(summary, HANGUL);
    assert.doesNotMatch(summary, /statements|checked against/);
    await screenshot(page, 'ko-answer-flag');
  });

  it('words the add-ins page’s HTTPS notice and the dropdowns’ clear buttons in Korean', async () => {
    const page = await pages.open();
    await logIn(page, owner.user);
    // The test server is reached over http, so the Excel add-in is not offered and the page says why.
    await page.goto('/addins');
    const notice = page.getByTestId('addins-excel-unavailable');
    await notice.waitFor();
    const text = (await notice.innerText()).replace(/https?:\/\/[\w.:/-]*/g, '').replace(/\b(?:Excel|HTTPS|PUBLIC_URL)/g, '');
    assert.match(text, HANGUL);
    assert.doesNotMatch(text, /[A-Za-z]{3,}/, `English left in the notice: ${text}`);

    // Fluent's dropdowns name their clear button in English unless told otherwise.
    await page.goto('/usage');
    await page.getByRole('combobox').first().waitFor();
    assert.equal(await page.locator('[aria-label="Clear selection"]').count(), 0);
    assert.ok((await page.locator('[aria-label="선택 지우기"]').count()) >= 2);
  });
});
