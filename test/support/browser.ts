/**
 * Chromium for the browser suites: launch it, skip (or fail, in CI) when it is missing, and keep screenshots
 * of what the tests saw in test/artifacts/.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const ARTIFACTS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'artifacts');

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

/** Starts headless Chromium from CHROMIUM_PATH (default /usr/bin/chromium). */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}

/**
 * Call first in a browser suite's `before`. Without Chromium the suite is skipped with a message saying how
 * to get it, unless REQUIRE_BROWSER=1 (CI), where a missing browser is a failure rather than a silent pass.
 */
export function requireBrowser(ctx: Mocha.Context): void {
  if (fs.existsSync(CHROMIUM_PATH)) return;
  const message = `Chromium not found at ${CHROMIUM_PATH} (install it with \`apt-get install -y chromium\` or set CHROMIUM_PATH)`;
  if (process.env.REQUIRE_BROWSER === '1') throw new Error(`${message}; REQUIRE_BROWSER=1 makes this a failure.`);
  console.warn(`    skipping browser tests: ${message}.`);
  ctx.skip();
}

/** Saves a full-page PNG as test/artifacts/<name>.png and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(ARTIFACTS_DIR, { recursive: true });
  const file = path.join(ARTIFACTS_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/**
 * Collects uncaught exceptions thrown in the page, so a test can assert the app did not crash behind a
 * screen that happened to look right.
 */
export function collectPageErrors(page: Page): Error[] {
  const errors: Error[] = [];
  page.on('pageerror', (error) => errors.push(error));
  return errors;
}

const ROOT_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const WEBAPP_DIR = path.join(ROOT_DIR, 'webapp');

function newestMtime(target: string): number {
  const stat = fs.statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of fs.readdirSync(target)) newest = Math.max(newest, newestMtime(path.join(target, entry)));
  return newest;
}

/**
 * Builds webapp/dist when it is missing or older than the sources, so a browser test never passes or fails
 * against yesterday's bundle.
 */
export function ensureWebappBuild(): void {
  const index = path.join(WEBAPP_DIR, 'dist', 'index.html');
  // The web app bundles the shared client and the message catalogues too: an edit there is a new bundle.
  const shared = ['api-client/src', 'i18n/src'].map((p) => path.join(ROOT_DIR, p));
  const sources = [...['src', 'public', 'index.html', 'vite.config.ts'].map((p) => path.join(WEBAPP_DIR, p)), ...shared].filter((p) => fs.existsSync(p));
  if (fs.existsSync(index) && fs.statSync(index).mtimeMs >= Math.max(...sources.map(newestMtime))) return;
  execFileSync('npm', ['run', 'build', '-w', 'webapp'], { cwd: ROOT_DIR, stdio: 'pipe' });
}
