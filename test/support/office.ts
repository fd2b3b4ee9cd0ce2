/**
 * A stand-in for office.js in Chromium: `Office` and `Excel` objects injected before the task pane loads
 * (page.addInitScript of office-standin.js), holding a workbook with a multi-area selection. It records what the pane writes
 * (window.__excel.writes) and how many batches it synced, so a test can assert what "Insert answer" did.
 * Only the calls the pane makes exist, so a new office-js call shows up here as a page error.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';

export interface StandInArea {
  address: string;
  values: (string | number | boolean)[][];
  numberFormat?: string[][];
}

export interface ExcelWrite {
  sheet: string;
  at: string;
  values: unknown[][];
}

export interface ExcelLog {
  writes: ExcelWrite[];
  bold: { sheet: string; rowOffset: number; columns: number }[];
  addedSheets: string[];
  opened: string[];
  syncs: number;
  /** Ranges selected by address (click-to-cell), and sheets activated, in order. */
  selected: { sheet: string; address: string }[];
  activated: string[];
  /** Hyperlinks set on cells of a written block (row/col within the block at `at`). */
  hyperlinks: { sheet: string; at: string; row: number; col: number; address: string; textToDisplay: string; screenTip?: string }[];
  /** Office.context.document.settings as last saved (saveAsync). */
  settings: Record<string, unknown>;
}

export interface StandInOptions {
  sheet: string;
  areas: StandInArea[];
  /** Office's UI language (`Office.context.displayLanguage`); en-US when not given. */
  displayLanguage?: string;
  /** Host calls this stand-in leaves out, as an older or partial office.js would. */
  without?: ('addHandlerAsync' | 'Excel.run')[];
  /** Office.context.document.settings the workbook already holds. */
  settings?: Record<string, unknown>;
}

/** Installs the stand-in and keeps the real office.js (from Microsoft's CDN, unreachable here) out. */
export async function installOfficeStandIn(page: Page, initial: StandInOptions): Promise<void> {
  await page.route('https://appsforoffice.microsoft.com/**', (route) => route.fulfill({ status: 200, contentType: 'text/javascript', body: '/* office.js stand-in installed by the test */' }));
  await page.addInitScript((init) => ((window as unknown as { __standInInitial: unknown }).__standInInitial = init), initial);
  await page.addInitScript({ path: STAND_IN });
}

export function excelLog(page: Page): Promise<ExcelLog> {
  return page.evaluate(() => (window as unknown as { __excel: ExcelLog }).__excel);
}

const STAND_IN = path.join(path.dirname(fileURLToPath(import.meta.url)), 'office-standin.js');
const ROOT_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

function newest(target: string): number {
  const stat = fs.statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...fs.readdirSync(target).map((e) => newest(path.join(target, e))));
}

/** Builds a workspace when its output is missing or older than its sources. */
export function ensureBuilt(workspace: 'addin-excel' | 'addin-sheets', output: string, sources: string[]): void {
  const out = path.join(ROOT_DIR, workspace, output);
  // The add-ins bundle the shared client and the message catalogues too: an edit there is a new bundle.
  const shared = ['api-client/src', 'i18n/src'].map((p) => path.join(ROOT_DIR, p));
  const inputs = [...sources.map((s) => path.join(ROOT_DIR, workspace, s)), ...shared].filter((p) => fs.existsSync(p));
  if (fs.existsSync(out) && fs.statSync(out).mtimeMs >= Math.max(...inputs.map(newest))) return;
  execFileSync('npm', ['run', 'build', '-w', workspace], { cwd: ROOT_DIR, stdio: 'pipe' });
}
