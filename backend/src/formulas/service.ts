/**
 * =INTELLIO() cell formulas (issue 29). A sheet recalculates whenever it likes (reloads, edits elsewhere,
 * another user opening it), so every answer is cached per user and item and a recalculation of the same
 * inputs costs nothing. Each item that does need a model is run as an analysis with source `formula`:
 * reserved, settled and on the trail exactly like one typed in the pane.
 *
 * An item's cache entry is keyed without the project's document versions and stores them as a fingerprint:
 * after a document is added or replaced the entry is still found, answered as `stale`, and recomputed only
 * when the client asks for `refresh` (a sheet full of formulas must not re-bill because a PDF was uploaded).
 */
import { createHash } from 'node:crypto';
import pMap from 'p-map';
import { createEngine } from '../analysis/engines.js';
import { ACTIVE_STATUSES, Analysis } from '../analysis/model.js';
import { parseA1, spanAddress } from '../analysis/a1.js';
import { executeAnalysis, prepareAnalysis } from '../analysis/service.js';
import type { Deps } from '../deps.js';
import { AppError } from '../http/errors.js';
import { Project } from '../projects/model.js';
import type { User } from '../users/model.js';
import { FormulaCacheEntry, FormulaRun, FormulaWorkbook } from './model.js';
import { itemCells, type FormulaItem, type FormulasInput } from './schema.js';

type Actor = Pick<User, 'id' | 'email' | 'role'>;
type Cell = string | number | boolean | null;

/** Short values a cell can show; the add-ins map a 401 to `SIGN_IN` themselves. */
export const FORMULA_ERRORS = {
  signIn: '#INTELLIO: sign in',
  noProject: '#INTELLIO: no project',
  balance: '#INTELLIO: balance too low',
  cap: '#INTELLIO: workbook cap reached',
  tooLarge: '#INTELLIO: too large',
  plan: '#INTELLIO: plan limit reached',
  timeout: '#INTELLIO: timed out',
  failed: '#INTELLIO: failed',
} as const;

/** A FILL formula runs one computation per row; more rows than this is refused rather than billed row by row. */
export const MAX_FILL_ROWS = 500;
/** Computations of one request run side by side, a few at a time (each holds a model call). */
const CONCURRENCY = 3;

/** One computation: an ASK item, or one row of a FILL item. */
interface Unit {
  key: string;
  prompt: string;
  values: Cell[][];
  address: string;
  sheet: string;
}

interface UnitResult {
  value: string;
  cached: boolean;
  stale: boolean;
  tokensCharged: number;
  entry: FormulaCacheEntry | null;
  error?: string;
}

export interface ItemResult {
  value: string | string[];
  cached: boolean;
  stale?: boolean;
  tokensCharged: number;
  entries: FormulaCacheEntry[];
  error?: string;
}

const sha = (v: unknown) => createHash('sha256').update(JSON.stringify(v)).digest('hex');

/**
 * The project's ready documents and their versions, hashed: any added, replaced or removed document changes
 * it. Read at lookup time, so the document code needs no hook to mark answers stale.
 */
export async function documentFingerprint(deps: Deps, userId: string, projectId: string): Promise<string> {
  const docs = await deps.knex('documents').where({ userId, projectId, status: 'ready' }).orderBy('id').select('id', 'updatedAt', 'chunkCount');
  return sha(docs.map((d: { id: string; updatedAt: Date; chunkCount: number }) => `${d.id}@${new Date(d.updatedAt).toISOString()}#${d.chunkCount}`));
}

/** A rectangle's A1 address: anchored where the client's address starts (else at A1), `rowOffset` rows down. */
function addressOf(given: string | undefined, rows: number, cols: number, rowOffset = 0): string {
  const a1 = given ? parseA1(given) : null;
  const origin = { sheet: null, top: (a1?.top ?? 0) + rowOffset, left: a1?.left ?? 0, rows, cols };
  return spanAddress(origin, 0, rows - 1, 0, cols - 1);
}

/** A range with every row as wide as the widest, so the analysis reads a proper rectangle. */
function rectangle(values: Cell[][]): Cell[][] {
  const width = Math.max(1, ...values.map((r) => r.length));
  const rows = values.length ? values : [[]];
  return rows.map((r) => [...r, ...Array<Cell>(width - r.length).fill(null)]);
}

function unitsOf(item: FormulaItem, projectId: string, model: string): Unit[] {
  const sheet = item.sheet || (item.address ? parseA1(item.address)?.sheet : null) || 'Sheet1';
  if (item.mode === 'ask') {
    const values = rectangle(item.values);
    return [{ key: sha([projectId, 'ask', item.prompt, values, model]), prompt: item.prompt, values, sheet, address: addressOf(item.address, values.length, values[0].length) }];
  }
  return item.values.map((row, i) => {
    const values = rectangle([row]);
    return { key: sha([projectId, 'fill', item.prompt, values, model]), prompt: item.prompt, values, sheet, address: addressOf(item.address, 1, values[0].length, i) };
  });
}

/** The short cell value for a computation that could not run. */
function errorValue(err: unknown): string {
  if (err instanceof AppError) {
    if (err.code === 'insufficient_tokens') return FORMULA_ERRORS.balance;
    if (err.code === 'plan_limit') return FORMULA_ERRORS.plan;
    if (err.code === 'not_found') return FORMULA_ERRORS.noProject;
  }
  return FORMULA_ERRORS.failed;
}

function monthStart(now = new Date()): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
}

export async function workbookSpend(userId: string, workbookId: string): Promise<number> {
  const row = (await FormulaRun.query().where({ userId, workbookId }).where('createdAt', '>=', monthStart()).sum('tokensCharged as spent').first()) as unknown as { spent: unknown } | undefined;
  return Number(row?.spent ?? 0);
}

export async function workbookCap(userId: string, workbookId: string): Promise<{ workbookId: string; monthlyTokenCap: number | null; spentThisMonth: number }> {
  const wb = await FormulaWorkbook.query().findById([userId, workbookId]);
  return { workbookId, monthlyTokenCap: wb?.monthlyTokenCap == null ? null : Number(wb.monthlyTokenCap), spentThisMonth: await workbookSpend(userId, workbookId) };
}

export async function setWorkbookCap(deps: Deps, userId: string, workbookId: string, monthlyTokenCap: number | null) {
  await deps.knex('formula_workbooks').insert({ userId, workbookId, monthlyTokenCap, updatedAt: new Date() }).onConflict(['user_id', 'workbook_id']).merge(['monthly_token_cap', 'updated_at']);
  return workbookCap(userId, workbookId);
}

/** Waits for a queued analysis (a large range goes through the job queue) to end; null if it did not in time. */
async function waitForEnd(deps: Deps, id: string): Promise<Analysis | null> {
  const until = Date.now() + deps.config.analysis.timeoutMs + 10_000;
  for (;;) {
    const a = (await Analysis.query().findById(id)) as Analysis;
    if (!ACTIVE_STATUSES.includes(a.status)) return a;
    if (Date.now() > until) return null;
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function compute(deps: Deps, user: Actor, input: { projectId: string; workbookId?: string; fingerprint: string }, unit: Unit): Promise<UnitResult> {
  const fail = (value: string): UnitResult => ({ value, cached: false, stale: false, tokensCharged: 0, entry: null, error: value });
  if (input.workbookId) {
    // Checked before each computation, so a batch stops at the cap (overshooting it by the computations already under way).
    const { monthlyTokenCap, spentThisMonth } = await workbookCap(user.id, input.workbookId);
    if (monthlyTokenCap !== null && spentThisMonth >= monthlyTokenCap) return fail(FORMULA_ERRORS.cap);
  }
  let final: Analysis | null;
  try {
    const { analysis, jobId } = await prepareAnalysis(deps, user, {
      projectId: input.projectId,
      source: 'formula',
      selection: { workbook: input.workbookId, sheet: unit.sheet, ranges: [{ address: unit.address, values: unit.values }] },
      prompt: unit.prompt,
    });
    final = analysis.status === 'succeeded' ? analysis : jobId ? await waitForEnd(deps, analysis.id) : await executeAnalysis(deps, analysis.id);
  } catch (err) {
    if (!(err instanceof AppError)) deps.log.error({ err }, 'formula computation failed');
    return fail(errorValue(err));
  }
  if (!final || final.status !== 'succeeded') return fail(!final || final.errorCode === 'model_timeout' ? FORMULA_ERRORS.timeout : FORMULA_ERRORS.failed);

  const charged = Number(final.tokensCharged ?? 0);
  const entry = await deps.knex.transaction(async (trx) => {
    await FormulaRun.query(trx).insert({ userId: user.id, workbookId: input.workbookId ?? null, analysisId: final.id, tokensCharged: charged });
    const row = {
      userId: user.id,
      itemKey: unit.key,
      projectId: input.projectId,
      fingerprint: input.fingerprint,
      value: final.answer ?? '',
      citations: JSON.stringify(final.citations),
      analysisId: final.id,
      tokensCharged: charged,
      computedAt: new Date(),
      expiresAt: new Date(Date.now() + deps.config.formulas.cacheDays * 86_400_000),
    };
    await trx('formula_cache').insert(row).onConflict(['user_id', 'item_key']).merge();
    return FormulaCacheEntry.fromJson({ ...row, citations: final.citations });
  });
  // An analysis answered from its own cache (the same question asked in the pane, or an expired entry) is free.
  return { value: entry.value, cached: final.cachedFrom != null, stale: false, tokensCharged: charged, entry };
}

/**
 * Computations under way in this process, by user, item and fingerprint: a sheet's cells often recalculate
 * in several requests at once (Sheets sends one per cell), and the same question must not bill twice.
 */
const inFlightByApp = new WeakMap<object, Map<string, Promise<UnitResult>>>();

function computeOnce(deps: Deps, user: Actor, input: { projectId: string; workbookId?: string; fingerprint: string }, unit: Unit): Promise<UnitResult> {
  let flights = inFlightByApp.get(deps);
  if (!flights) inFlightByApp.set(deps, (flights = new Map()));
  const key = `${user.id}:${unit.key}:${input.fingerprint}`;
  const running = flights.get(key);
  // The request that started it reports the charge; this one gets the answer for free.
  if (running) return running.then((r) => (r.error ? r : { ...r, cached: true, tokensCharged: 0 }));
  const started = compute(deps, user, input, unit).finally(() => flights.delete(key));
  flights.set(key, started);
  return started;
}

/** Answers every item, in order; an item that cannot be answered carries a short error value, never a throw. */
export async function evaluateFormulas(deps: Deps, user: Actor, input: FormulasInput): Promise<ItemResult[]> {
  const project = input.projectId ? await Project.query().findOne({ id: input.projectId, userId: user.id }) : undefined;
  if (!project) return input.items.map(() => ({ value: FORMULA_ERRORS.noProject, cached: false, tokensCharged: 0, entries: [], error: FORMULA_ERRORS.noProject }));

  const { model } = createEngine(deps.config);
  const fingerprint = await documentFingerprint(deps, user.id, project.id);
  const perItem = input.items.map((item) => {
    const cells = itemCells(item);
    if (cells > deps.config.analysis.maxCells || (item.mode === 'fill' && item.values.length > MAX_FILL_ROWS)) return null;
    return unitsOf(item, project.id, model);
  });

  const distinct = new Map<string, Unit>();
  for (const unit of perItem.flat()) if (unit) distinct.set(unit.key, unit);
  const keys = [...distinct.keys()];
  const entries = new Map<string, FormulaCacheEntry>();
  // whereIn in slices: a request may name up to 200 × 500 rows.
  for (let i = 0; i < keys.length; i += 1000) {
    const rows = await FormulaCacheEntry.query().where({ userId: user.id }).whereIn('itemKey', keys.slice(i, i + 1000)).where('expiresAt', '>', new Date());
    for (const r of rows) entries.set(r.itemKey, r);
  }

  const results = new Map<string, UnitResult>();
  const toCompute: Unit[] = [];
  for (const unit of distinct.values()) {
    const entry = entries.get(unit.key);
    const stale = entry !== undefined && entry.fingerprint !== fingerprint;
    if (entry && !(stale && input.refresh)) results.set(unit.key, { value: entry.value, cached: true, stale, tokensCharged: 0, entry });
    else toCompute.push(unit);
  }
  if (toCompute.length) {
    // Expired answers are not served; dropping them here keeps the table to what can still be used.
    await FormulaCacheEntry.query().where({ userId: user.id }).where('expiresAt', '<=', new Date()).delete();
    await pMap(toCompute, async (unit) => results.set(unit.key, await computeOnce(deps, user, { projectId: project.id, workbookId: input.workbookId, fingerprint }, unit)), { concurrency: CONCURRENCY });
  }

  // A computation shared by several items is charged once: the first item that uses it reports the charge.
  const reported = new Set<string>();
  return perItem.map((units, i): ItemResult => {
    if (!units) return { value: FORMULA_ERRORS.tooLarge, cached: false, tokensCharged: 0, entries: [], error: FORMULA_ERRORS.tooLarge };
    const parts = units.map((u) => {
      const r = results.get(u.key) as UnitResult;
      if (reported.has(u.key)) return { ...r, cached: r.error === undefined, tokensCharged: 0 };
      reported.add(u.key);
      return r;
    });
    const error = parts.find((p) => p.error)?.error;
    const values = parts.map((p) => p.value);
    return {
      value: input.items[i].mode === 'fill' ? values : values[0],
      cached: parts.every((p) => p.cached),
      ...(parts.some((p) => p.stale) ? { stale: true } : {}),
      tokensCharged: parts.reduce((n, p) => n + p.tokensCharged, 0),
      entries: parts.flatMap((p) => (p.entry ? [p.entry] : [])),
      ...(error ? { error } : {}),
    };
  });
}
