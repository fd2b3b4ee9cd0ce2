/**
 * Regenerates docs/images/webapp.png: the web app at 1440×900 as a settled user sees it — categories and
 * projects in the sidebar, the project's documents, a CSV open as a table with two ranges selected, and a
 * cited answer from the local analyst.
 *   cd test && npx tsx browser/readme-screenshot.ts
 * Runs the real backend on a throwaway database; the demo account's email is confirmed (no banner).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { fillerLines, makePdf } from '../../backend/test/documents.js';
import { ensureWebappBuild, launchBrowser } from '../support/browser.js';
import { startServer } from '../support/server.js';
import { apiCall, logIn, uploadReady, userWithProject } from '../support/webapp.js';

const target = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'docs', 'images', 'webapp.png');

ensureWebappBuild();
const server = await startServer({ COMPANY_URL: 'https://intellio.ai' });
const browser = await launchBrowser();
try {
  const owner = await userWithProject(server.url, 'Ada Lovelace');
  await server.deps.knex('users').where({ email: owner.user.email }).update({ emailVerifiedAt: new Date() });
  await apiCall(server.url, 'PATCH', `/projects/${owner.projectId}`, { name: 'Q2 board pack' }, owner.token);
  await apiCall(server.url, 'POST', '/projects', { categoryId: owner.categoryId, name: 'Pricing review' }, owner.token);
  const clients = await apiCall<{ id: string }>(server.url, 'POST', '/categories', { name: 'Clients' }, owner.token);
  for (const name of ['Contoso audit', 'Fabrikam forecast']) await apiCall(server.url, 'POST', '/projects', { categoryId: clients.id, name }, owner.token);

  const pdf = await makePdf(
    Array.from({ length: 12 }, (_, i) =>
      i === 6
        ? ['Revenue notes', 'The May revenue spike to 9100 came from the one-off Contoso licence deal signed in May.', ...fillerLines(7, 4)]
        : [`Annual report page ${i + 1}`, ...fillerLines(i + 1)],
    ),
  );
  await uploadReady(server.url, owner.token, owner.projectId, 'annual-report-2026.pdf', pdf, 'application/pdf');
  const csv = 'Month,Revenue,Cost,Margin\nJan,1200,800,400\nFeb,1350,820,530\nMar,1500,790,710\nApr,1480,810,670\nMay,9100,805,8295\nJun,1700,830,870\n';
  await uploadReady(server.url, owner.token, owner.projectId, 'sales-h1.csv', Buffer.from(csv), 'text/csv');

  const page = await browser.newPage({ viewport: { width: 1440, height: 900 }, baseURL: server.url });
  await logIn(page, owner.user);
  await page.goto(`/projects/${owner.projectId}`);
  await page.getByTestId('document-row').first().waitFor();
  await page.getByRole('combobox', { name: 'Open a document as a table' }).selectOption({ label: 'sales-h1.csv' });
  await page.getByTestId('sheet-grid').waitFor();
  const cell = (address: string) => page.locator(`[data-cell="${address}"]`);
  await cell('A1').click();
  await cell('B7').click({ modifiers: ['Shift'] });
  await cell('D1').click({ modifiers: ['Control'] });
  await cell('D7').click({ modifiers: ['Shift'] });
  await page.getByTestId('prompt-input').fill('Explain the May revenue spike and check it against the annual report');
  await page.getByRole('button', { name: 'Analyse' }).click();
  await page.getByTestId('citation').first().waitFor({ timeout: 60_000 });
  await page.evaluate(() => window.scrollTo(0, 0));

  fs.mkdirSync(path.dirname(target), { recursive: true });
  await page.screenshot({ path: target, fullPage: true });
  console.log(`wrote ${path.relative(process.cwd(), target)}`);
} finally {
  await browser.close();
  await server.close();
}
