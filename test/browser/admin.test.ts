/**
 * Usage and admin pages in Chromium, over known numbers seeded in SQL: the dashboard's tiles and charts
 * (SVG drawn by recharts) show exactly those numbers; the users table searches and opens a user, who is
 * disabled from the detail page; the Backups tab lists runs and storage over time; a non-admin sees no
 * Admin entry; a user's Usage page charts their own tokens and downloads the CSV.
 * Screenshot: test/artifacts/admin-dashboard.png (a test output, not committed).
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import type { Page } from 'playwright-core';
import { seedAnalysis, seedLedger, seedPayment } from '../../backend/test/monitoring-seed.js';
import { screenshot } from '../support/browser.js';
import { logIn, PHONE, userWithProject, webappSuite } from '../support/webapp.js';

const DAY = 86_400_000;

describe('web app: usage and admin dashboard (browser)', function () {
  this.timeout(180_000);

  const suite = webappSuite();
  const { pages } = suite;
  let admin: Awaited<ReturnType<typeof userWithProject>>;
  let heavy: Awaited<ReturnType<typeof userWithProject>>;
  let light: Awaited<ReturnType<typeof userWithProject>>;
  let heavyId: string;
  let lightId: string;

  before(async function () {
    // A fresh database: the first account is the admin.
    admin = await userWithProject(suite.server.url, 'Grace Hopper');
    heavy = await userWithProject(suite.server.url, 'Ada Lovelace');
    light = await userWithProject(suite.server.url, 'Alan Turing');
    const { knex } = suite.server.deps;
    const idOf = async (email: string) => (await knex('users').where({ email }).first('id')).id as string;
    heavyId = await idOf(heavy.user.email);
    lightId = await idOf(light.user.email);
    const now = Date.now();
    const iso = (msAgo: number) => new Date(now - msAgo).toISOString();
    await seedLedger(knex, heavyId, 'analysis', 1234, iso(60_000));
    await seedLedger(knex, heavyId, 'embedding', 566, iso(DAY));
    await seedLedger(knex, lightId, 'analysis', 200, iso(2 * DAY));
    await seedAnalysis(knex, heavyId, heavy.projectId, { status: 'succeeded', at: iso(60_000), latencyMs: 1500, tokensIn: 800, tokensOut: 434, tokensCharged: 1234 });
    await seedAnalysis(knex, heavyId, heavy.projectId, { status: 'succeeded', at: iso(DAY), latencyMs: 500 });
    await seedAnalysis(knex, lightId, light.projectId, { status: 'failed', at: iso(2 * DAY), latencyMs: 300 });
    await seedPayment(knex, heavyId, { status: 'succeeded', amountCents: 4999, paidAt: iso(DAY) });
    await knex('backups').insert([
      { status: 'succeeded', trigger: 'schedule', engine: 'pglite', format: 'pglite-dump', startedAt: iso(DAY), finishedAt: iso(DAY - 4000), bytes: 3 * 1024 * 1024, location: 'local disk/backups/a.dump', verified: true },
      { status: 'failed', trigger: 'api', engine: 'pglite', format: 'pglite-dump', startedAt: iso(2 * DAY), finishedAt: iso(2 * DAY - 1000), error: 'upload failed: bucket not found' },
    ]);
    await knex('backup_storage_samples').insert([
      { at: iso(2 * DAY), bytes: 2 * 1024 * 1024, objects: 1 },
      { at: iso(DAY), bytes: 5 * 1024 * 1024, objects: 2 },
    ]);
  });

  const text = (page: Page, testId: string) => page.getByTestId(testId).innerText();
  /** The chart's own SVG (recharts also draws one per legend icon). */
  const chart = (page: Page, testId: string) => page.locator(`[data-testid=${testId}] .recharts-wrapper > svg.recharts-surface`);

  it('shows the seeded numbers in tiles and charts, top users first', async () => {
    const page = await pages.open({ width: 1400, height: 900 });
    await logIn(page, admin.user);
    await page.getByTestId('user-menu').click();
    await page.getByTestId('admin').click();
    await page.getByTestId('admin-overview').waitFor();
    assert.match(await text(page, 'stat-users'), /\b3\b/);
    assert.match(await text(page, 'stat-tokens'), /2,000/);
    assert.match(await text(page, 'stat-analyses'), /\b3\b/);
    assert.match(await text(page, 'stat-error-rate'), /33\.3%/);
    assert.match(await text(page, 'stat-revenue'), /\$49\.99/);
    assert.match(await text(page, 'stat-active1d'), /\b3\b/, 'all three signed up today');
    for (const id of ['chart-tokens', 'chart-analyses', 'chart-revenue', 'chart-errors']) {
      await chart(page, id).waitFor();
    }
    // One bar per (day, kind) with a value: today's 1,234 (analysis), yesterday's 566 (embedding), 200 two days ago.
    assert.equal(await page.locator('[data-testid=chart-tokens] .recharts-bar-rectangle path').count(), 3);
    assert.equal(await page.locator('[data-testid=chart-revenue] .recharts-bar-rectangle path').count(), 1);
    const top = page.getByTestId('top-users').getByRole('row');
    assert.match(await top.nth(1).innerText(), /Ada Lovelace[\s\S]*1,800/);
    assert.match(await top.nth(2).innerText(), /Alan Turing[\s\S]*200/);
    const file = await screenshot(page, 'admin-dashboard');
    assert.ok(fs.statSync(file).size > 10_000);
  });

  it('searches users, opens one, and disables and re-enables the account', async () => {
    const page = await pages.open();
    // Disabling asks in the app's own dialog: a native confirm() would be a failure here.
    const nativeDialogs: string[] = [];
    page.on('dialog', (d) => {
      nativeDialogs.push(d.message());
      void d.dismiss();
    });
    await logIn(page, admin.user);
    await page.goto('/admin?tab=users');
    await page.getByTestId('users-table').waitFor();
    assert.equal(await page.getByTestId('user-row').count(), 3);
    await page.getByTestId('user-search').fill('turing');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=user-row]').length === 1);
    await page.getByRole('link', { name: 'Alan Turing' }).click();
    await page.getByTestId('admin-user').waitFor();
    await chart(page, 'user-tokens-chart').waitFor();
    assert.match(await page.getByTestId('analyses-table').innerText(), /failed/);
    const { knex } = suite.server.deps;
    const disabled = async () => (await knex('users').where({ id: lightId }).first('disabled')).disabled as boolean;

    // Cancelling the dialog leaves the account alone.
    await page.getByTestId('toggle-disabled').click();
    const dialog = page.getByRole('alertdialog', { name: `Disable ${light.user.email.toLowerCase()}?` });
    await dialog.getByText('They are signed out everywhere').waitFor();
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });
    assert.equal(await disabled(), false);

    await page.getByTestId('toggle-disabled').click();
    await dialog.getByRole('button', { name: 'Disable account' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByTestId('user-status').getByText('Disabled', { exact: true }).waitFor();
    assert.equal(await disabled(), true);
    // Enabling needs no confirmation.
    await page.getByTestId('toggle-disabled').click();
    await page.getByTestId('user-status').getByText('Active', { exact: true }).waitFor();
    assert.equal(await disabled(), false);
    assert.deepEqual(nativeDialogs, [], 'the browser’s own confirm() was used');
  });

  it('adjusts a user’s tokens with a reason (validated) and changes their tier', async () => {
    const page = await pages.open();
    await logIn(page, admin.user);
    await page.goto(`/admin/users/${lightId}`);
    await page.getByTestId('admin-user').waitFor();
    const { knex } = suite.server.deps;
    const balanceOf = async () => Number((await knex('token_ledger').where({ userId: lightId }).sum<{ s: string }[]>('delta as s'))[0].s);
    const before = await balanceOf();

    await page.getByTestId('adjust-tokens').click();
    const dialog = page.getByTestId('adjust-tokens-dialog');
    await dialog.locator('input[name=amount]').fill('2500');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.getByText('Say why (at least 3 characters).').waitFor();
    await dialog.locator('textarea[name=reason]').fill('Goodwill after the outage');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByTestId('toast').getByText(`now has ${(before + 2500).toLocaleString('en-US')} tokens`).waitFor();
    assert.equal(await balanceOf(), before + 2500);
    const entry = await knex('token_ledger').where({ userId: lightId, kind: 'adjust' }).first();
    assert.equal(Number(entry.delta), 2500);
    assert.equal(entry.metadata.reason, 'Goodwill after the outage');

    await page.getByTestId('tier-select').selectOption('pro');
    await page.getByTestId('toast').getByText('is now on pro').waitFor();
    assert.equal((await knex('users').where({ id: lightId }).first('tier')).tier, 'pro');
    await suite.server.deps.activity.flush();
    const audit = await knex('activity').where({ userId: (await knex('users').where({ email: admin.user.email }).first('id')).id }).whereIn('action', ['billing.grant', 'billing.tier']).orderBy('at');
    assert.deepEqual(audit.map((a: { action: string }) => a.action), ['billing.grant', 'billing.tier']);
  });

  it('lists backups with status, size and verification, and charts storage over time', async () => {
    const page = await pages.open();
    await logIn(page, admin.user);
    await page.goto('/admin?tab=backups');
    await page.getByTestId('backups-table').waitFor();
    const rows = page.getByTestId('backup-row');
    assert.equal(await rows.count(), 2);
    assert.match(await rows.nth(0).innerText(), /Succeeded[\s\S]*3(\.0)? MB[\s\S]*Yes[\s\S]*Schedule/);
    assert.match(await rows.nth(1).innerText(), /Failed[\s\S]*Manual[\s\S]*bucket not found/);
    await chart(page, 'chart-backup-storage').waitFor();
    assert.match(await text(page, 'backup-storage'), /5(\.0)? MB/);
    await screenshot(page, 'admin-backups');
  });

  it('updates a running backup’s row by itself, also after “Back up now”', async () => {
    const page = await pages.open();
    await logIn(page, admin.user);
    const { knex } = suite.server.deps;
    // A run that is still going when the page opens (seeded, so the test decides when it ends).
    const [seeded] = await knex('backups').insert({ status: 'running', trigger: 'schedule', engine: 'pglite', format: 'pglite-dump', startedAt: new Date() }).returning('id');
    await page.goto('/admin?tab=backups');
    const status = page.getByTestId('backup-status');
    await status.and(page.locator('[data-status=running]')).first().waitFor();
    assert.equal(await status.first().innerText(), 'Running');
    // The page is not reloaded (a marker on window survives only the same document).
    await page.evaluate(() => Object.assign(window, { samePage: true }));
    await knex('backups').where({ id: seeded.id }).update({ status: 'succeeded', finishedAt: new Date(), bytes: 1024 * 1024, verified: true });
    // Well inside the 30 s refresh of an idle dashboard: the list polls while a row is running.
    await page.locator('[data-testid=backup-status][data-status=running]').waitFor({ state: 'detached', timeout: 10_000 });
    assert.equal(await status.first().innerText(), 'Succeeded');
    assert.equal(await page.evaluate(() => (window as { samePage?: boolean }).samePage), true);

    // A real run started from the page ends on its own as well.
    const before = await page.getByTestId('backup-row').count();
    await page.getByTestId('backup-now').click();
    await page.getByTestId('toast').getByText('Backup started').waitFor();
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid=backup-row]').length === n + 1, before);
    await page.locator('[data-testid=backup-status][data-status=running]').waitFor({ state: 'detached', timeout: 60_000 });
    assert.match(await status.first().innerText(), /^(Succeeded|Failed)$/);
    const newest = await knex('backups').orderBy('startedAt', 'desc').first('status');
    assert.notEqual(newest.status, 'running');
    assert.equal(await page.evaluate(() => (window as { samePage?: boolean }).samePage), true);
  });

  it('fits a phone: the admin overview without sideways scrolling, the usage table’s badge clear of the latency', async () => {
    const page = await pages.open(PHONE);
    await logIn(page, admin.user);
    await page.goto('/admin');
    await page.getByTestId('admin-overview').waitFor();
    await chart(page, 'chart-tokens').waitFor();
    assert.ok((await page.evaluate(() => document.documentElement.scrollWidth)) <= PHONE.width, `the admin overview is ${await page.evaluate(() => document.documentElement.scrollWidth)} px wide`);
    await screenshot(page, 'admin-overview-375');

    const other = await pages.open(PHONE);
    await logIn(other, heavy.user);
    await other.goto('/usage');
    await other.getByTestId('analyses-table').waitFor();
    assert.ok((await other.evaluate(() => document.documentElement.scrollWidth)) <= PHONE.width, 'the usage page scrolls sideways');
    const rows = other.getByTestId('analysis-usage-row');
    assert.equal(await rows.count(), 2);
    for (let i = 0; i < 2; i += 1) {
      // The table may scroll inside its own box; every cell of a row must still be its own.
      await rows.nth(i).getByTestId('analysis-latency').scrollIntoViewIfNeeded();
      const badge = await rows.nth(i).getByTestId('analysis-status').boundingBox();
      const latency = await rows.nth(i).getByTestId('analysis-latency').boundingBox();
      assert.ok(badge && latency, 'badge and latency cell are shown');
      const overlap = badge.x < latency.x + latency.width && latency.x < badge.x + badge.width && badge.y < latency.y + latency.height && latency.y < badge.y + badge.height;
      assert.ok(!overlap, `row ${i}: the status badge ${JSON.stringify(badge)} covers the latency cell ${JSON.stringify(latency)}`);
    }
    await screenshot(other, 'usage-375');
  });

  it('gives users their own Usage page, with a CSV download, and no Admin entry', async () => {
    const page = await pages.open();
    await logIn(page, heavy.user);
    await page.getByTestId('user-menu').click();
    assert.equal(await page.getByTestId('admin').count(), 0);
    await page.getByTestId('usage').click();
    await page.getByTestId('usage-page').waitFor();
    assert.match(await text(page, 'usage-total-tokens'), /1,800/);
    await chart(page, 'tokens-chart').waitFor();
    assert.equal(await page.locator('[data-testid=tokens-chart] .recharts-bar-rectangle path').count(), 2);
    assert.equal(await page.getByTestId('analyses-table').getByRole('row').count(), 3, 'header + two analyses');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('usage-csv').click()]);
    assert.match(download.suggestedFilename(), /^intellio-usage-\d{4}-\d{2}-\d{2}\.csv$/);
    await page.goto('/admin');
    await page.getByText(/not found/i).first().waitFor();
  });
});
