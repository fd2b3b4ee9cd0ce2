/**
 * The project page's table section in Chromium: pasted cells in a windowed grid (10,000 rows), and the
 * multi-range selection by mouse drag, shift-click, ctrl-click and shift+arrows, summarised in A1 notation.
 */
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { screenshot } from '../support/browser.js';
import { logIn, PHONE, userWithProject, webappSuite } from '../support/webapp.js';

describe('web app: table section (browser)', function () {
  this.timeout(120_000);

  const suite = webappSuite();
  const { pages } = suite;
  let owner: Awaited<ReturnType<typeof userWithProject>>;

  const ROWS = 10_000;
  const regions = ['North', 'South', 'East', 'West'];
  const tsv = ['Region\tMonth\tSales\tUnits', ...Array.from({ length: ROWS }, (_, i) => `${regions[i % 4]}\t2026-${String((i % 12) + 1).padStart(2, '0')}\t${(i * 7.5).toFixed(1)}\t${i}`)].join('\n');

  before(async function () {
    owner = await userWithProject(suite.server.url, 'Edgar Codd');
  });

  /** Pastes the 10,000-row sheet the way a browser does after ctrl+V: a paste event carrying the text. */
  async function openWithPastedCells(page: Page) {
    await logIn(page, owner.user);
    await page.goto(`/projects/${owner.projectId}`);
    await page.getByTestId('project-page').waitFor();
    const target = page.getByTestId('table-empty');
    await target.focus();
    await target.evaluate((el, text) => {
      const data = new DataTransfer();
      data.setData('text/plain', text);
      el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    }, tsv);
    await page.getByTestId('sheet-grid').waitFor();
  }

  const summary = (page: Page) => page.getByTestId('selection-summary').textContent();
  const cell = (page: Page, address: string) => page.locator(`[data-cell="${address}"]`);
  const renderedRows = (page: Page) => page.getByTestId('sheet-grid').locator('[data-row]').count();

  async function center(page: Page, address: string) {
    const box = await cell(page, address).boundingBox();
    assert.ok(box, `${address} is not on screen`);
    return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
  }

  it('shows 10,000 pasted rows with column letters and row numbers, rendering only the rows in view', async () => {
    const page = await pages.open();
    await openWithPastedCells(page);
    assert.match((await summary(page)) ?? '', /Pasted cells · 10,001 rows/);
    const grid = page.getByTestId('sheet-grid');
    assert.deepEqual(await grid.getByRole('columnheader').allTextContents(), ['', 'A', 'B', 'C', 'D']);
    assert.equal(await cell(page, 'A1').textContent(), 'Region');
    assert.equal(await cell(page, 'D3').textContent(), '1');
    assert.ok((await renderedRows(page)) < 60, `rendered ${await renderedRows(page)} rows`);

    await grid.evaluate((el) => (el.scrollTop = el.scrollHeight));
    await page.locator('[data-row="10001"]').waitFor();
    assert.equal(await cell(page, 'A10001').textContent(), regions[(ROWS - 1) % 4]);
    assert.ok((await renderedRows(page)) < 60, `rendered ${await renderedRows(page)} rows after scrolling`);
    assert.equal(await grid.getAttribute('aria-rowcount'), String(ROWS + 2));
    await screenshot(page, 'table-scrolled-1280');
  });

  it('selects a dragged range, extends with shift-click, adds ranges with ctrl-click and grows with shift+arrows', async () => {
    const page = await pages.open();
    await openWithPastedCells(page);

    const a2 = await center(page, 'A2');
    const c4 = await center(page, 'C4');
    await page.mouse.move(a2.x, a2.y);
    await page.mouse.down();
    await page.mouse.move(c4.x, c4.y, { steps: 8 });
    await page.mouse.up();
    assert.match((await summary(page)) ?? '', /Selected A2:C4 · 9 cells$/);

    await cell(page, 'D6').click({ modifiers: ['Control'] });
    await cell(page, 'D8').click({ modifiers: ['Shift'] });
    assert.match((await summary(page)) ?? '', /Selected A2:C4, D6:D8 · 12 cells$/);

    await page.keyboard.press('Shift+ArrowDown');
    await page.keyboard.press('Shift+ArrowLeft');
    assert.match((await summary(page)) ?? '', /Selected A2:C4, C6:D9 · 17 cells$/);
    assert.equal(await cell(page, 'B3').getAttribute('aria-selected'), 'true');
    assert.equal(await cell(page, 'D5').getAttribute('aria-selected'), 'false');
    await screenshot(page, 'table-selection-1280');

    // A plain arrow collapses to one cell; a plain click starts over.
    await page.keyboard.press('ArrowRight');
    assert.match((await summary(page)) ?? '', /Selected D9 · 1 cell$/);
    await cell(page, 'B2').click();
    assert.match((await summary(page)) ?? '', /Selected B2 · 1 cell$/);
  });

  it('takes CSV text typed into the paste box', async () => {
    const page = await pages.open();
    await logIn(page, owner.user);
    await page.goto(`/projects/${owner.projectId}`);
    await page.getByRole('button', { name: 'Paste cells' }).click();
    await page.getByTestId('paste-input').fill('name,score\n"Lovelace, Ada",97\nHopper,88');
    await page.getByRole('button', { name: 'Use these cells' }).click();
    await page.getByTestId('sheet-grid').waitFor();
    assert.equal(await cell(page, 'A2').textContent(), 'Lovelace, Ada');
    assert.equal(await cell(page, 'B3').textContent(), '88');
    assert.match((await summary(page)) ?? '', /Pasted cells · 3 rows · Selected A1 · 1 cell$/);
  });

  it('fits a 375 px screen: the grid scrolls inside its box, the page does not scroll sideways', async () => {
    const page = await pages.open(PHONE);
    await openWithPastedCells(page);
    assert.equal(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth), 0);
    await screenshot(page, 'table-375');
  });
});
