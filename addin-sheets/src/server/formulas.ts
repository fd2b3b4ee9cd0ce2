/**
 * =INTELLIO(prompt, range) and =INTELLIO_FILL(prompt, range) for Google Sheets. A custom function has 30 s
 * and no way to abort a UrlFetchApp call, so it asks the server to wait at most WAIT_SECONDS (RFC 7240
 * `Prefer: wait`); an answer not ready by then (202) shows the working message and stays on a pending list
 * that the sidebar's "Refresh formulas" later fills in from the server's cache. CacheService sits in front
 * of the server cache so a recalculation of unchanged inputs makes no request at all.
 */
import { cellValue, spreadsheetTimeZone, type CellValue } from './cell';
import { hasSession, sendAuthed } from './api';
import { t } from './i18n';

/** Leaves room for the round trip and Apps Script's own start-up inside the 30 s limit. */
export const WAIT_SECONDS = 20;
/** CacheService keeps a value at most 6 hours. */
const CACHE_SECONDS = 21_600;
/** A request that was sent but not answered in time: recalculations show "working" meanwhile. */
const PENDING_SECONDS = 600;
const PENDING_LIST = 'intellio.formulas.pending';
/** The project formulas answer from: the one last picked in the sidebar (a custom function cannot ask). */
export const PROJECT_SETTING = 'intellio.formulaProjectId';
const MAX_ITEMS = 200;

export type Mode = 'ask' | 'fill';

export interface FormulaItem {
  prompt: string;
  values: CellValue[][];
  mode: Mode;
}

/** A formula still being computed, with the project it was asked over (the refresh asks over the same). */
interface Pending {
  projectId: string;
  item: FormulaItem;
}

function formulaProject(): string | null {
  return PropertiesService.getUserProperties().getProperty(PROJECT_SETTING);
}

/** The spreadsheet's id: the server counts formula spend against it (the per-workbook cap). */
function workbookId(): string | undefined {
  try {
    return SpreadsheetApp.getActiveSpreadsheet().getId();
  } catch {
    return undefined;
  }
}

interface FormulaResult {
  value: string | string[];
  cached: boolean;
  stale?: boolean;
  tokensCharged: number;
  error?: string;
}

/** A single cell argument arrives as its value, a range as rows of values. */
function cells(range: unknown): CellValue[][] {
  if (range === undefined || range === null || range === '') return [];
  const timeZone = spreadsheetTimeZone();
  const cell = (v: unknown) => cellValue(v, timeZone);
  if (!Array.isArray(range)) return [[cell(range)]];
  return range.map((row: unknown) => (Array.isArray(row) ? row : [row]).map(cell));
}

/** CacheService keys are limited to 250 characters: a digest of what the answer depends on. */
function keyOf(projectId: string, item: FormulaItem): string {
  const digest = Utilities.computeDigest(Utilities.DigestAlgorithm.SHA_256, JSON.stringify([projectId, item.mode, item.prompt, item.values]), Utilities.Charset.UTF_8);
  return `intellio.f.${Utilities.base64EncodeWebSafe(digest)}`;
}

function cache() {
  return CacheService.getUserCache();
}

function pendingList(): Pending[] {
  const raw = cache().get(PENDING_LIST);
  return raw ? (JSON.parse(raw) as Pending[]) : [];
}

function savePending(list: Pending[]): void {
  if (list.length) cache().put(PENDING_LIST, JSON.stringify(list.slice(-MAX_ITEMS)), PENDING_SECONDS);
  else cache().remove(PENDING_LIST);
}

function working(): string {
  return t('pane.sheets.formulaWorking');
}

/** What a cell shows for a result: text for ASK, one row per answer for FILL. */
function shown(item: FormulaItem, value: string | string[]): string | string[][] {
  if (item.mode === 'ask') return Array.isArray(value) ? value.join('\n') : value;
  const rows = Array.isArray(value) ? value : [value];
  return (rows.length ? rows : ['']).map((v) => [v]);
}

function remember(projectId: string, item: FormulaItem, result: FormulaResult): void {
  // Errors are not cached: a balance topped up or a sign-in should take effect on the next recalculation.
  if (result.error) return;
  const key = keyOf(projectId, item);
  cache().put(key, JSON.stringify(result.value), CACHE_SECONDS);
  cache().remove(`${key}.pending`);
}

type Post = { status: 'done'; results: FormulaResult[] } | { status: 'pending' } | { status: 'failed'; error: string };

function post(projectId: string, items: FormulaItem[], wait?: number): Post {
  const wb = workbookId();
  const body = { projectId, ...(wb ? { workbookId: wb } : {}), items };
  const res = sendAuthed('post', '/formulas', body, wait === undefined ? {} : { Prefer: `wait=${wait}` });
  const status = res.getResponseCode();
  if (status === 202) return { status: 'pending' };
  if (status === 401) return { status: 'failed', error: t('pane.sheets.formulaSignIn') };
  if (status === 402) return { status: 'failed', error: '#INTELLIO: balance too low' };
  if (status >= 400) return { status: 'failed', error: `#INTELLIO: ${status}` };
  return { status: 'done', results: (JSON.parse(res.getContentText()) as { data: { results: FormulaResult[] } }).data.results };
}

/** One formula evaluation; never throws (a cell shows the text instead). */
export function evaluate(prompt: unknown, range: unknown, mode: Mode): string | string[][] {
  const item: FormulaItem = { prompt: String(prompt ?? ''), values: cells(range), mode };
  const fail = (text: string) => (mode === 'ask' ? text : (item.values.length ? item.values : [[]]).map(() => [text]));
  try {
    if (!item.prompt.trim()) return fail(t('pane.sheets.formulaNoPrompt'));
    if (!hasSession()) return fail(t('pane.sheets.formulaSignIn'));
    const projectId = formulaProject();
    if (!projectId) return fail(t('pane.sheets.formulaNoProject'));
    const key = keyOf(projectId, item);
    const hit = cache().get(key);
    if (hit !== null) return shown(item, JSON.parse(hit) as string | string[]);
    if (cache().get(`${key}.pending`) !== null) return fail(working());
    cache().put(`${key}.pending`, '1', PENDING_SECONDS);
    const others = (list: Pending[]) => list.filter((p) => keyOf(p.projectId, p.item) !== key);
    savePending([...others(pendingList()), { projectId, item }]);
    const answer = post(projectId, [item], WAIT_SECONDS);
    if (answer.status === 'pending') return fail(working());
    cache().remove(`${key}.pending`);
    savePending(others(pendingList()));
    if (answer.status === 'failed') return fail(answer.error);
    const result = answer.results[0];
    if (!result) return fail('#INTELLIO: no answer');
    if (result.error) return fail(result.error);
    remember(projectId, item, result);
    return shown(item, result.value);
  } catch (err) {
    return fail(`#INTELLIO: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/**
 * The sidebar's "Refresh formulas": asks the server once for every formula still working (its cache has
 * the answers that finished after the 30 s), stores them in CacheService, and re-enters those formulas so
 * Sheets recalculates them from the cache. Returns how many were filled in and how many are still working.
 */
export function refreshPendingFormulas(): { filled: number; working: number } {
  const list = pendingList();
  let filled = 0;
  const still: Pending[] = [];
  const projects = [...new Set(list.map((p) => p.projectId))];
  for (const projectId of projects) {
    const mine = list.filter((p) => p.projectId === projectId);
    for (let i = 0; i < mine.length; i += MAX_ITEMS) {
      const chunk = mine.slice(i, i + MAX_ITEMS);
      const answer = post(projectId, chunk.map((p) => p.item));
      if (answer.status === 'failed') throw new Error(answer.error);
      if (answer.status === 'pending') {
        still.push(...chunk);
        continue;
      }
      chunk.forEach((p, j) => {
        const result = answer.results[j];
        if (result && !result.error) {
          remember(projectId, p.item, result);
          filled++;
        } else still.push(p);
      });
    }
  }
  savePending(still);
  if (filled) recalculate();
  return { filled, working: still.length };
}

/** Re-enters every =INTELLIO formula showing the working message (Sheets recalculates a changed formula). */
function recalculate(): void {
  const text = working();
  for (const sheet of SpreadsheetApp.getActiveSpreadsheet().getSheets()) {
    for (const range of sheet.createTextFinder('INTELLIO').matchFormulaText(true).findAll()) {
      if (range.getDisplayValue() !== text) continue;
      const formula = range.getFormula();
      range.setFormula('');
      SpreadsheetApp.flush();
      range.setFormula(formula);
    }
  }
}
