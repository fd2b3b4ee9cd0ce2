/**
 * How the built web app is delivered (issue 27), in Chromium against the real backend: compressed, hashed
 * assets cached for good and index.html revalidated, admin/billing/usage code fetched only when visited,
 * and a signed-out load that probes the session without an error in the console.
 */
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { apiCall, logIn, newUser, webappSuite } from '../support/webapp.js';

/** Console errors of a page, and every response it received. */
function watch(page: Page) {
  const consoleErrors: string[] = [];
  const responses: Array<{ url: string; status: number; headers: Record<string, string> }> = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') consoleErrors.push(msg.text());
  });
  page.on('response', (res) => responses.push({ url: res.url(), status: res.status(), headers: res.headers() }));
  return { consoleErrors, responses };
}

describe('web app: delivery (browser)', function () {
  this.timeout(180_000);

  const suite = webappSuite();
  const { pages } = suite;
  const admin = newUser('Dora Delivery');

  before(async () => {
    // The first account is the admin: its first load is the one that must not fetch the admin code.
    await apiCall(suite.server.url, 'POST', '/auth/signup', { ...admin, client: 'addin' });
  });

  it('loads signed out without a console error: the session probe answers 200 with no session', async () => {
    const page = await pages.open();
    const seen = watch(page);
    const probe = page.waitForResponse((r) => r.url().endsWith('/api/v1/auth/refresh'));
    await page.goto('/');
    await page.waitForURL(/\/login$/);
    await page.getByRole('heading', { name: 'Sign in to Intellio' }).waitFor();
    const res = await probe;
    assert.equal(res.status(), 200);
    assert.deepEqual(await res.json(), { data: null });
    await page.goto('/signup');
    await page.getByRole('heading', { name: 'Create your account' }).waitFor();
    assert.deepEqual(seen.consoleErrors, []);
    assert.deepEqual(seen.responses.filter((r) => r.status >= 400).map((r) => `${r.status} ${r.url}`), []);
  });

  it('serves the main script compressed and cached for a year, and index.html revalidated', async () => {
    const page = await pages.open();
    const seen = watch(page);
    await page.goto('/login');
    await page.getByRole('heading', { name: 'Sign in to Intellio' }).waitFor();
    const html = await (await fetch(`${suite.server.url}/login`, { headers: { accept: 'text/html' } })).text();
    const main = /<script type="module"[^>]*src="([^"]+)"/.exec(html)?.[1];
    assert.ok(main, 'no module script in index.html');
    const script = seen.responses.find((r) => new URL(r.url).pathname === main);
    assert.ok(script, `the page did not load ${main}`);
    assert.match(script.headers['content-encoding'] ?? '', /^(br|gzip)$/);
    assert.equal(script.headers['cache-control'], 'public, max-age=31536000, immutable');
    const doc = seen.responses.find((r) => new URL(r.url).pathname === '/login');
    assert.equal(doc?.headers['cache-control'], 'no-cache');
    // Every script the first load fetched came compressed.
    const scripts = seen.responses.filter((r) => /\.js$/.test(new URL(r.url).pathname) && Number(r.headers['content-length'] ?? 2000) > 1024);
    assert.ok(scripts.length >= 3);
    for (const s of scripts) assert.match(s.headers['content-encoding'] ?? '', /^(br|gzip)$/, s.url);
  });

  it('keeps the admin, billing and usage code out of the first load; it arrives on the first visit', async () => {
    const page = await pages.open();
    const seen = watch(page);
    await logIn(page, admin);
    await page.getByTestId('home-empty').waitFor();
    const scripts = () => seen.responses.map((r) => new URL(r.url).pathname).filter((p) => p.endsWith('.js'));
    for (const chunk of ['AdminPage-', 'BillingPage-', 'UsagePage-', 'charts-']) {
      assert.ok(!scripts().some((p) => p.includes(`/${chunk}`)), `${chunk} loaded with the first page: ${scripts()}`);
    }
    await page.goto('/admin');
    await page.getByRole('tab').first().waitFor();
    assert.ok(scripts().some((p) => p.includes('/AdminPage-')), `the admin page came without its chunk: ${scripts()}`);
    assert.deepEqual(seen.consoleErrors, []);
  });
});
