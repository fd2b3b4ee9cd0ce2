/**
 * Regenerates docs/images/webapp.png, the signed-in web app at 1280×800 shown in the docs.
 *   cd test && npx tsx browser/readme-screenshot.ts
 * Runs the real backend on a throwaway database with a demo account whose email is confirmed, so the
 * picture shows the app as a settled user sees it (no "confirm your email" banner).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureWebappBuild, launchBrowser } from '../support/browser.js';
import { startServer } from '../support/server.js';

const target = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'docs', 'images', 'webapp.png');
const demo = { name: 'Ada Lovelace', email: 'ada@example.com', password: 'analytical-engine-1843' };

ensureWebappBuild();
const server = await startServer({ COMPANY_URL: 'https://intellio.ai' });
const browser = await launchBrowser();
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, baseURL: server.url });
  await page.goto('/signup');
  await page.locator('input[name=name]').fill(demo.name);
  await page.locator('input[name=email]').fill(demo.email);
  await page.locator('input[name=password]').fill(demo.password);
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.getByTestId('app-shell').waitFor();

  await server.deps.background.idle();
  const mail = await server.deps.knex('outbox').where({ to: demo.email, kind: 'verify_email' }).first();
  const link = /https?:\/\/\S+/.exec(String(mail?.text))?.[0];
  if (!link) throw new Error('no verification link in the outbox');
  await page.goto(link);
  await page.getByRole('button', { name: 'Continue to Intellio' }).click();
  await page.getByTestId('home-empty').waitFor();
  await page.getByTestId('logo-link').waitFor();

  fs.mkdirSync(path.dirname(target), { recursive: true });
  await page.screenshot({ path: target });
  console.log(`wrote ${path.relative(process.cwd(), target)}`);
} finally {
  await browser.close();
  await server.close();
}
