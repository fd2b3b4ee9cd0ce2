/**
 * The first five minutes on a fresh server (issue 27), in Chromium against the real backend: the first
 * visitor creates the administrator account, sign-in is the default afterwards, the logo links to the
 * company site on the signed-out pages, a reused verification link says the address is confirmed, and an
 * empty project offers an example that gives a cited answer in one click.
 */
import assert from 'node:assert/strict';
import { screenshot } from '../support/browser.js';
import { apiCall, confirmWithPassword, logIn, newUser, userWithProject, webappSuite } from '../support/webapp.js';

const COMPANY_URL = 'https://example.test/company';

describe('web app: first run and onboarding (browser)', function () {
  this.timeout(180_000);

  const suite = webappSuite({ COMPANY_URL });
  const { pages } = suite;
  const admin = newUser('Ada Admin');

  it('opens a server without accounts on "Create the administrator account", whose account is the admin', async () => {
    assert.equal(await suite.server.deps.knex('users').first(), undefined, 'the server starts without accounts');
    const page = await pages.open();
    await page.goto('/');
    await page.waitForURL(/\/signup$/);
    await page.getByRole('heading', { name: 'Create the administrator account' }).waitFor();
    await page.getByText('This server has no accounts yet.', { exact: false }).waitFor();
    // The logo of the signed-out pages links to the company site.
    const logo = page.getByTestId('logo-link');
    assert.equal(await logo.getAttribute('href'), COMPANY_URL);
    assert.equal(await logo.getAttribute('target'), '_blank');
    await screenshot(page, 'first-run-1280');

    await page.locator('input[name=name]').fill(admin.name);
    await page.locator('input[name=email]').fill(admin.email);
    await page.locator('input[name=password]').fill(admin.password);
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.getByTestId('app-shell').waitFor();
    const row = await suite.server.deps.knex('users').where({ email: admin.email }).first();
    assert.equal(row?.role, 'admin');
  });

  it('keeps sign-in the default once an account exists; sign-up is the ordinary one again', async () => {
    const page = await pages.open();
    await page.goto('/');
    await page.waitForURL(/\/login$/);
    await page.getByRole('heading', { name: 'Sign in to Intellio' }).waitFor();
    assert.equal(await page.getByTestId('logo-link').getAttribute('href'), COMPANY_URL);
    await page.goto('/signup');
    await page.getByRole('heading', { name: 'Create your account' }).waitFor();
    assert.equal(await page.getByTestId('logo-link').getAttribute('href'), COMPANY_URL);
    await page.goto('/forgot-password');
    assert.equal(await page.getByTestId('logo-link').getAttribute('href'), COMPANY_URL);
  });

  it('says a reused verification link belongs to an address that is already confirmed', async () => {
    // Signed up and not confirmed yet (the builders confirm an address in the database, leaving its link
    // unused, and a link of a confirmed address no longer signs in).
    const someone = newUser('Vera Verified');
    await apiCall(suite.server.url, 'POST', '/auth/signup', { ...someone, client: 'web' });
    await suite.server.deps.background.idle();
    const mail = await suite.server.deps.knex('outbox').where({ to: someone.email.toLowerCase(), kind: 'verify_email' }).first();
    const link = new URL(/(https?:\/\/\S+)/.exec(mail.text as string)?.[1] ?? '');
    const page = await pages.open();
    await page.goto(`${link.pathname}${link.search}`);
    // The first opening, with the password chosen at sign-up, confirms and signs in (issue 26 L2: a sign-up waits for this link).
    await confirmWithPassword(page, someone.password);
    await page.getByTestId('app-shell').waitFor();
    const again = await pages.open();
    await again.goto(`${link.pathname}${link.search}`);
    const result = again.getByTestId('verify-result');
    await result.getByText('Email already confirmed').waitFor();
    assert.doesNotMatch((await result.textContent()) ?? '', /could not confirm/);
  });

  it('offers an example on a new project: one click, one question, and the answer opens page 2 of the sample report', async () => {
    const owner = await userWithProject(suite.server.url, 'Olga Onboarding');
    const page = await pages.open();
    await logIn(page, owner.user);
    await page.goto(`/projects/${owner.projectId}`);
    const offer = page.getByTestId('try-example');
    await offer.getByRole('heading', { name: 'Try it with an example' }).waitFor();
    await offer.getByRole('button', { name: 'Add the example' }).click();

    // The table opens by itself with all its cells selected; the documents are listed.
    await page.getByTestId('sheet-grid').waitFor({ timeout: 60_000 });
    await page.getByTestId('analyse-selection').getByText('20 cells', { exact: false }).waitFor();
    await page.getByTestId('document-row').filter({ hasText: 'Sample - regional sales report 2025.pdf' }).waitFor();
    // The quote before analysing: the local analyst's price for 20 cells (20 + 50 per 1,000 cells).
    assert.equal(await page.getByTestId('price-quote').textContent(), 'Local analyst: ~21 tokens');
    // Wait for the report to be read before asking.
    // Both documents read before asking, so the report's passages are there to cite.
    let statuses: string[] = [];
    for (let i = 0; i < 600 && !(statuses.length === 2 && statuses.every((s) => s === 'ready')); i += 1) {
      if (i) await new Promise((r) => setTimeout(r, 200));
      statuses = (await suite.server.deps.knex('documents').where({ projectId: owner.projectId }).select('status')).map((d) => d.status as string);
    }
    assert.deepEqual(statuses, ['ready', 'ready']);

    await page.getByTestId('prompt-input').fill('Why did EMEA fall in Q3?');
    await page.getByRole('button', { name: 'Analyse' }).click();
    const citation = page.getByTestId('citation').filter({ hasText: 'Sample - regional sales report 2025.pdf, page 2' });
    await citation.first().waitFor({ timeout: 60_000 });
    const open = citation.first().getByTestId('citation-download');
    assert.match((await open.getAttribute('href')) ?? '', /#page=2$/);
    const res = await fetch((await open.getAttribute('href')) as string);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'application/pdf');
    await screenshot(page, 'try-example-answer-1280');

    // The offer is for empty projects only.
    await page.reload();
    await page.getByTestId('document-row').first().waitFor();
    assert.equal(await page.getByTestId('try-example').count(), 0);
  });
});
