/**
 * The workbook functions =INTELLIO.ASK and =INTELLIO.FILL. Their JSDoc is the source of functions.json
 * (custom-functions-metadata, scripts/functions-metadata.mjs): the tags below are what Excel shows.
 * A function never throws: every failure becomes a short "#INTELLIO: …" text a cell can show.
 */
import type { Cell, FormulaItem, FormulaResult } from './batcher.js';

export interface FormulaRuntime {
  call(item: FormulaItem): Promise<FormulaResult>;
  /** The short cell text for a failure of the whole request (signed out, offline, …). */
  failure(err: unknown): string;
}

// Excel may call a function as soon as the page loads, before the stored session is read: calls wait for it.
let install: (r: FormulaRuntime | null) => void = () => undefined;
let runtime = new Promise<FormulaRuntime | null>((resolve) => (install = resolve));

/** Set by the shared runtime (register.ts) once the pane's session store is open. */
export function useFormulaRuntime(r: FormulaRuntime | null): void {
  install(r);
  runtime = Promise.resolve(r);
}

/** Excel passes an omitted optional range as null/undefined and a single cell as [[v]]; empty cells as "". */
function cells(range: unknown): Cell[][] {
  if (!Array.isArray(range)) return range === null || range === undefined ? [] : [[range as Cell]];
  return range.map((row: unknown) => (Array.isArray(row) ? row : [row]).map((v: unknown) => (v === '' || v === undefined ? null : (v as Cell))));
}

async function run(item: FormulaItem): Promise<FormulaResult | string> {
  const current = await runtime;
  if (!current) return '#INTELLIO: sign in';
  try {
    const result = await current.call(item);
    return result.error ? result.error : result;
  } catch (err) {
    return current.failure(err);
  }
}

/**
 * Answers a question about a range from the cells and the project's documents.
 * @customfunction ASK
 * @param prompt The question, e.g. "Which region grew fastest?"
 * @param [range] The cells to read.
 * @returns One answer.
 */
// custom-functions-metadata maps only `any` to Excel's "any cell" type (unknown is refused).
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function ask(prompt: string, range?: any[][]): Promise<string> {
  const result = await run({ prompt: String(prompt ?? ''), values: cells(range), mode: 'ask' });
  if (typeof result === 'string') return result;
  return Array.isArray(result.value) ? result.value.join('\n') : result.value;
}

/**
 * Answers the prompt once per row of the range, spilled down as one column.
 * @customfunction FILL
 * @param prompt What to write for each row, e.g. "Classify the sentiment".
 * @param range The rows to fill in for.
 * @returns One answer per row.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function fill(prompt: string, range: any[][]): Promise<string[][]> {
  const rows = cells(range);
  const result = await run({ prompt: String(prompt ?? ''), values: rows, mode: 'fill' });
  // A whole-call failure fills every row with the same short error so the spill keeps its shape.
  if (typeof result === 'string') return (rows.length ? rows : [[]]).map(() => [result]);
  const values = Array.isArray(result.value) ? result.value : [result.value];
  return (values.length ? values : ['']).map((v) => [v]);
}
