/**
 * Home and the add-ins page in Chromium against the real backend: a new account reaches its first project
 * from Home's own buttons, a returning one sees its projects, and the add-ins page offers the Excel
 * manifest only where Excel can load it (https), saying why not otherwise.
 */
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { screenshot } from '../support/browser.js';
import { newUser, PHONE, signUp, webappSuite } from '../support/webapp.js';

const home = (page: Page) => page.getByTestId('home-empty');
const openAddins = (page: Page) => page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Add-ins', exact: true }).click();

describe('web app: home and add-ins (browser)', function () {
  this.timeout(120_000);

  describe('on the local http default', () => {
    const { pages } = webappSuite();

    it('takes a new account from Home to its first project, then lists it there', async () => {
      const page = await pages.open();
      await signUp(page, newUser('Dana Analyst'));
      await home(page).getByRole('heading', { name: 'Create your first category and project' }).waitFor();
      // Step two waits for a category.
      assert.equal(await home(page).getByRole('button', { name: 'Add a project' }).isDisabled(), true);

      await home(page).getByRole('button', { name: 'Create a category' }).click();
      await home(page).getByRole('textbox', { name: 'Category name' }).fill('Client A');
      await page.keyboard.press('Enter');
      await page.locator('[data-testid=home-step-category][data-done=true]').getByText('“Client A” is ready.').waitFor();
      await home(page).getByRole('heading', { name: 'Now add your first project' }).waitFor();
      await page.getByTestId('sidebar').getByRole('region', { name: 'Client A', exact: true }).waitFor();
      await screenshot(page, 'home-category-done');

      await home(page).getByRole('button', { name: 'Add a project' }).click();
      await home(page).getByRole('textbox', { name: 'Project name' }).fill('Q3 review');
      await page.keyboard.press('Enter');
      await page.getByTestId('project-page').getByRole('heading', { name: 'Q3 review' }).waitFor();
      assert.match(page.url(), /\/projects\/[0-9a-f-]{36}$/);

      // A second project gets a file: Home lists it first, as the one last worked in, with its count.
      await page.goto('/');
      await page.getByTestId('home-projects').waitFor();
      await page.getByTestId('sidebar').getByRole('button', { name: 'New project in Client A' }).click();
      await page.getByTestId('sidebar').getByRole('textbox', { name: 'Project name' }).fill('Leases');
      await page.keyboard.press('Enter');
      await page.getByTestId('project-page').getByRole('heading', { name: 'Leases' }).waitFor();
      await page.getByTestId('file-input').setInputFiles({ name: 'rents.csv', mimeType: 'text/csv', buffer: Buffer.from('Site,Rent\nRotterdam,4200\n') });
      await page.getByTestId('document-row').and(page.locator('[data-status=ready]')).waitFor({ timeout: 60_000 });

      await page.goto('/');
      await page.getByTestId('home-projects').getByRole('heading', { name: 'Welcome back, Dana' }).waitFor();
      const cards = page.getByTestId('home-project');
      assert.equal(await cards.count(), 2);
      assert.match(await cards.nth(0).innerText(), /^Leases\s+Client A · 1 document · last active \w{3} \d{1,2}, \d{4}$/);
      assert.match(await cards.nth(1).innerText(), /^Q3 review\s+Client A · no documents yet · last active \w{3} \d{1,2}, \d{4}$/);
      const card = cards.nth(1);
      await screenshot(page, 'home-projects');
      await card.getByRole('link', { name: 'Q3 review' }).click();
      await page.getByTestId('project-page').getByRole('heading', { name: 'Q3 review' }).waitFor();

      // Both pages fit a phone without sideways scrolling, and /addins loads directly (not the Excel pane
      // served under /addin/).
      await page.setViewportSize(PHONE);
      for (const [path, ready] of [['/', 'home-projects'], ['/addins', 'addins-sheets']]) {
        await page.goto(path);
        await page.getByTestId(ready).waitFor();
        // What sticks out, by test id or text, so a failure names it.
        const wide = await page.evaluate(() =>
          Array.from(document.querySelectorAll('body *'))
            .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 1)
            .slice(0, 3)
            .map((e) => e.getAttribute('data-testid') ?? e.textContent?.slice(0, 40)),
        );
        assert.equal(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth), 0, `${path} scrolls sideways at 375 px: ${wide.join(' | ')}`);
      }
      // The header keeps its links clear of the balance (the wordmark gives way to the mark alone).
      const link = await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Add-ins', exact: true }).boundingBox();
      const balance = await page.getByTestId('token-balance').boundingBox();
      assert.ok(link && balance && link.x + link.width <= balance.x, `the Add-ins link (${JSON.stringify(link)}) runs under the balance (${JSON.stringify(balance)})`);
      await screenshot(page, 'addins-375');
    });

    it('has Home in the header on every page inside, also on a phone', async () => {
      const page = await pages.open();
      await signUp(page, newUser('Hal Home'));
      const nav = page.getByRole('navigation', { name: 'Main' });
      const homeLink = nav.getByRole('link', { name: 'Home', exact: true });
      assert.equal(await homeLink.getAttribute('aria-current'), 'page');
      for (const path of ['/templates', '/account', '/usage', '/addins']) {
        await page.goto(path);
        assert.equal(await homeLink.getAttribute('aria-current'), null, `${path} is not Home`);
        await homeLink.click();
        await home(page).waitFor();
        assert.equal(new URL(page.url()).pathname, '/');
      }
      // On a phone the links are icons with their names kept for screen readers, and the header fits.
      await page.setViewportSize(PHONE);
      await page.goto('/templates');
      await page.getByTestId('templates-page').waitFor();
      assert.equal(await homeLink.isVisible(), true);
      assert.equal(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth), 0, 'the header pushes the page sideways');
      await homeLink.click();
      await home(page).waitFor();
      await screenshot(page, 'home-link-375');
    });

    it('says which address links in mail and citations use (PUBLIC_URL here)', async () => {
      const page = await pages.open();
      await signUp(page, newUser('Pat Links'));
      await page.goto('/addins');
      const note = page.getByTestId('addins-links');
      await note.waitFor();
      assert.equal(await note.innerText(), `Links in emails and in citations use ${new URL(page.url()).origin}.`);
      assert.equal(await page.getByTestId('addins-links-warning').count(), 0);
    });

    it('says why there is no Excel add-in on an http server, and who installs the Sheets add-on', async () => {
      const page = await pages.open();
      await signUp(page, newUser('Sam Sheets'));
      await home(page).getByRole('link', { name: 'Get the add-ins' }).click();
      await page.getByRole('heading', { name: 'Add-ins for Excel and Google Sheets' }).waitFor();
      const warning = page.getByTestId('addins-excel-unavailable');
      await warning.waitFor();
      assert.match(await warning.innerText(), /HTTPS only.*http:\/\/127\.0\.0\.1:\d+.*PUBLIC_URL/s);
      assert.equal(await page.getByRole('link', { name: 'Download the Excel add-in' }).count(), 0);
      await page.getByTestId('addins-sheets-admin').waitFor();
      assert.equal(await page.getByRole('link', { name: /Google Workspace Marketplace/ }).count(), 0);
    });
  });

  describe('without PUBLIC_URL, reached at another address than localhost', () => {
    // No PUBLIC_URL at all (the helper sets one by default): the server builds links from http://localhost:PORT.
    const suite = webappSuite({ PUBLIC_URL: undefined } as unknown as Record<string, string>);

    it('warns on the Add-ins page that mailed and cited links point at localhost', async () => {
      const page = await suite.pages.open();
      await signUp(page, newUser('Lou Localhost'));
      await page.goto('/addins');
      const warning = page.getByTestId('addins-links-warning');
      await warning.waitFor();
      const text = await warning.innerText();
      assert.match(text, /Links point to this computer only/);
      assert.match(text, /use http:\/\/localhost:3000, the default address, but you reached this page at http:\/\/127\.0\.0\.1:\d+/);
      assert.match(text, /Set PUBLIC_URL/);
      assert.equal(await page.getByTestId('addins-links').count(), 0);
      await screenshot(page, 'addins-localhost-warning');
    });
  });

  describe('on an https server with a published Sheets add-on', () => {
    const suite = webappSuite({ PUBLIC_URL: 'https://analyst.example.test', SHEETS_ADDON_URL: 'https://workspace.google.com/marketplace/app/intellio/42' });

    it('offers the Excel manifest for this server and the Marketplace listing', async () => {
      const page = await suite.pages.open();
      await signUp(page, newUser('Erin Excel'));
      await openAddins(page);
      const download = page.getByRole('link', { name: 'Download the Excel add-in' });
      await download.waitFor();
      assert.equal(await download.getAttribute('href'), 'https://analyst.example.test/api/v1/addins/excel/manifest.xml');
      assert.equal(await download.getAttribute('download'), 'intellio-excel-manifest.xml');
      const sheets = page.getByRole('link', { name: 'Install from Google Workspace Marketplace' });
      assert.equal(await sheets.getAttribute('href'), 'https://workspace.google.com/marketplace/app/intellio/42');
      assert.equal(await sheets.getAttribute('target'), '_blank');
      await screenshot(page, 'addins-https');

      // The link's path, asked of this server (the test cannot resolve analyst.example.test): the manifest
      // points Excel at this server's task pane.
      const res = await fetch(`${suite.server.url}/api/v1/addins/excel/manifest.xml`);
      assert.equal(res.status, 200);
      assert.match(await res.text(), /<SourceLocation DefaultValue="https:\/\/analyst\.example\.test\/addin\/excel\/taskpane\.html"\/>/);
    });
  });
});
