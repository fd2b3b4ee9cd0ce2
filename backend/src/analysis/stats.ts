/**
 * Descriptive statistics of a selection, per numeric column and (for tables with several numeric
 * columns) per row: what the local analyst reports and what the model prompt summarises.
 */
import { parseA1, spanAddress, cellAddress, columnName, type A1Range } from './a1.js';
import { cellNumber } from './numbers.js';
import type { SelectionRange } from './schema.js';

export interface Series {
  label: string;
  /** "C3:C9" */
  address: string;
  unit: string | null;
  values: number[];
  addresses: string[];
  /** Each value's row label, from the range's label column (null where that cell is empty or there is none). */
  rowLabels: Array<string | null>;
  /** The label column's header ("Region", "Month"), or null without a label column. */
  rowLabelName: string | null;
  /**
   * Whether the values run in an order a trend can follow: periods (months, quarters, years, dates) or
   * plain cells without labels. Rows labelled by categories (regions, products) are not a sequence.
   */
  ordered: boolean;
  /** Indices, into the ranges given, of the selected areas the values were read from. */
  areas?: number[];
  /** A row of a table without a label column (numericRows): its sheet row, which names it in any language. */
  sheetRow?: number;
}

export interface Point {
  value: number;
  address: string;
  label: string | null;
}

export interface SeriesStats {
  count: number;
  sum: number;
  mean: number;
  median: number;
  min: Point;
  max: Point;
  stdDev: number;
  /** Least-squares slope per step, and its direction. */
  slope: number;
  trend: 'rising' | 'falling' | 'flat';
  /** First → last, in percent; null when the first value is 0. */
  changePct: number | null;
  outliers: Point[];
}

const UNIT_SYMBOLS: Array<[RegExp, string]> = [
  [/^\s*\$|\$\s*$|\bUSD\b/i, 'USD'],
  [/€|\bEUR\b/i, 'EUR'],
  [/£|\bGBP\b/i, 'GBP'],
  [/%\s*$/, '%'],
];

/**
 * A number from a cell: numbers as they are, numeric text read as the claim check reads a cell
 * (`cellNumber`: "1,234.5", "$12", "7%", "(40)", "1,200원", "3만"), so the statistics the analyst writes are
 * the figures the check finds. Dates and text that is not one figure ("15,5", "1,2,3") are not numbers.
 */
export function toNumber(v: unknown): number | null {
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v !== 'string') return null;
  const s = v.trim();
  // Plain decimals, most numeric text, without the figure parser.
  if (/^[-+]?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?$/i.test(s)) {
    const n = Number(s);
    return Number.isFinite(n) ? n : null;
  }
  const n = cellNumber(s);
  return n && n.unit !== 'date' && Number.isFinite(n.value) ? n.value : null;
}

function unitOf(samples: unknown[], header: string): string | null {
  const fromHeader = /\(([^)]{1,12})\)\s*$/.exec(header)?.[1];
  if (fromHeader) return fromHeader;
  for (const [re, unit] of UNIT_SYMBOLS) if (samples.some((s) => typeof s === 'string' && re.test(s))) return unit;
  return null;
}

/** Header names: given ones, else a text-only first row above numbers, else column letters. */
export function headersOf(range: SelectionRange, a1: A1Range): { names: string[]; bodyStart: number } {
  const width = range.values[0].length;
  if (range.headers) return { names: range.headers, bodyStart: 0 };
  const first = range.values[0];
  const firstIsText = first.every((v) => v === null || (typeof v === 'string' && toNumber(v) === null)) && first.some((v) => typeof v === 'string' && v.trim());
  const numbersBelow = range.values.slice(1).some((row) => row.some((v) => toNumber(v) !== null));
  if (firstIsText && numbersBelow) return { names: first.map((v, i) => (typeof v === 'string' && v.trim() ? v.trim() : spanAddress(a1, 0, 0, i, i).replace(/\d+/g, ''))), bodyStart: 1 };
  return { names: Array.from({ length: width }, (_, i) => cellAddress(a1, 0, i).replace(/\d+/g, '')), bodyStart: 0 };
}

/**
 * The ranges, each without headers of its own given its columns' names from another range of the same
 * sheet that has them: a row ctrl-clicked below a table ("May", 9100, 805) is Month, Revenue and Cost, as
 * the table's header row says, not columns A, B and C. An add-in with "first row is headers" cannot take
 * a header row from a one-row area, and the web app names such rows this way itself.
 */
export function withSharedHeaders(ranges: SelectionRange[]): SelectionRange[] {
  const named = new Map<string, string>();
  const keyOf = (a1: A1Range, c: number) => `${a1.sheet ?? ''}!${columnName(a1.left + c)}`;
  const parsed = ranges.map((range) => {
    const a1 = parseA1(range.address);
    const own = a1 ? headersOf(range, a1) : null;
    const hasNames = Boolean(range.headers) || (own?.bodyStart ?? 0) > 0;
    return { range, a1, hasNames, labelRow: Boolean(a1 && !range.headers && hasNames && isLabelRow(range)) };
  });
  for (const { range, a1, hasNames, labelRow } of parsed) {
    if (a1 && hasNames && !labelRow) headersOf(range, a1).names.forEach((name, c) => named.set(keyOf(a1, c), name));
  }
  return parsed.map(({ range, a1, hasNames, labelRow }) => {
    if (!a1 || (hasNames && !labelRow)) return range;
    const names = range.values[0].map((_, c) => named.get(keyOf(a1, c)));
    // A first row of a label and blank figures ("2020년", empty) heads its own columns only when no other
    // area names them: under a table's header row it is one of the table's rows, its figures not filled in.
    if (labelRow && !names.every(Boolean)) return range;
    if (!names.some(Boolean)) return range;
    return { ...range, headers: names.map((n, c) => n ?? columnName(a1.left + c)) };
  });
}

/** Whether an area's first row is one label, the rest blank, over a column that holds labels below it too. */
function isLabelRow(range: SelectionRange): boolean {
  const [first, ...body] = range.values;
  const filled = first.flatMap((v, c) => (v === null || (typeof v === 'string' && !v.trim()) ? [] : [c]));
  return first.length >= 2 && filled.length === 1 && body.some((row) => isText(row[filled[0]]));
}

/** A sheet name as A1 writes it: quoted when it is not a plain word ('Q1 data'). */
function sheetRef(sheet: string): string {
  return /^[A-Za-z_][\w.]*$/.test(sheet) ? sheet : `'${sheet.replace(/'/g, "''")}'`;
}

/**
 * An address as an answer cites it: bare on the active sheet ("B2"), with its sheet on another one
 * ("Plan!B2"), so a citation names one cell of the workbook. Without an active sheet given, bare (what
 * callers that track sheets themselves expect).
 */
export function onSheet(a1: A1Range, address: string, active?: string): string {
  return active !== undefined && a1.sheet && a1.sheet !== active ? `${sheetRef(a1.sheet)}!${address}` : address;
}

/** How the rows of one area are named: by a column of its own, or by a label area beside it. */
interface RowNames {
  label(row: number): string | null;
  name: string | null;
  periods: boolean;
  /** The area's own label column (not a measure), or null when the names come from another area. */
  column: number | null;
  /** The label area's index when the names come from another area. */
  from: number | null;
}

function ownRowNames(range: SelectionRange, bodyStart: number, names: string[]): RowNames | null {
  const key = labelColumn(range, bodyStart, names);
  return key ? { label: (r) => labelText(range.values[r][key.index]), name: names[key.index], periods: key.periods, column: key.index, from: null } : null;
}

const isNumber = (v: unknown) => toNumber(v) !== null;
const isText = (v: unknown) => typeof v === 'string' && v.trim() !== '' && toNumber(v) === null;

/**
 * Label areas paired with the value areas on their rows: names in A2:A6 and numbers in C2:C6, selected
 * apart (ctrl-click), are one table whose rows the names label. An area of text only pairs with an area of
 * numbers without a label column of its own, on the same sheet, when it spans every row of the numbers;
 * the nearest such area on the left is taken, else the nearest on the right. Areas on other rows do not
 * pair: row 9's name does not label row 2's number. Returns the label area's index by the value area's.
 */
export function pairLabelAreas(ranges: SelectionRange[], sheet?: string): Map<number, number> {
  return new Map([...rowNamesOf(withSharedHeaders(ranges), sheet)].flatMap(([i, n]) => (n.from === null ? [] : [[i, n.from] as const])));
}

/** Each area's row names (its own label column, or a paired label area's); `ranges` have shared headers. */
export function rowNamesOf(ranges: SelectionRange[], sheet?: string): Map<number, RowNames> {
  const areas = ranges.flatMap((range, i) => {
    const a1 = parseA1(range.address);
    if (!a1) return [];
    const head = headersOf(range, a1);
    return [{ i, range, a1, head, own: ownRowNames(range, head.bodyStart, head.names) }];
  });
  const sheetOf = (a1: A1Range) => a1.sheet ?? sheet ?? '';
  // Areas of text only (no number anywhere), whose label column can name another area's rows.
  const labelAreas = areas.filter((l) => l.own && l.range.values.every((row) => !row.some(isNumber)) && l.range.values.some((row) => row.some(isText)));
  const out = new Map<number, RowNames>();
  for (const v of areas) {
    if (v.own) {
      out.set(v.i, v.own);
      continue;
    }
    const shared = sharedRowNames(v, areas, sheetOf);
    if (shared) {
      out.set(v.i, shared);
      continue;
    }
    const body = v.range.values.slice(v.head.bodyStart);
    if (!body.some((row) => row.some(isNumber))) continue;
    const top = v.a1.top + v.head.bodyStart;
    const bottom = v.a1.top + v.range.values.length - 1;
    const l = labelAreas
      .filter((l) => sheetOf(l.a1) === sheetOf(v.a1) && l.a1.top <= top && l.a1.top + l.range.values.length - 1 >= bottom)
      // Nearest on the left first, then nearest on the right.
      .sort((x, y) => side(x.a1, v.a1) - side(y.a1, v.a1))[0];
    const index = l?.own?.column;
    if (!l || index == null) continue;
    const labelAtRow = (row: number) => labelText(l.range.values[row - l.a1.top]?.[index]);
    const labels = body.map((_, r) => labelAtRow(top + r)).filter((t): t is string => t !== null);
    // The label area's cell beside the values' header row names the labels ("Region" above the names).
    const name = v.head.bodyStart > 0 && l.a1.top < top ? labelAtRow(v.a1.top) : l.range.headers ? (l.head.names[index] ?? null) : null;
    out.set(v.i, {
      label: (r) => labelAtRow(v.a1.top + r),
      name,
      periods: labels.length > 0 && labels.every((t) => PERIOD_LABEL.test(t)),
      column: null,
      from: l.i,
    });
  }
  return out;
}

/**
 * A label column taken from another area of the sheet, as withSharedHeaders takes headers: a row
 * ctrl-clicked below a table (2024, 900, 950) has too few rows to tell its year column from a measure, but
 * the table above, on the same columns, names its rows by that column, so 2024 names the row and is not
 * one of its values. Only for an area with another column of numbers, each row holding a label there.
 */
function sharedRowNames(
  v: { range: SelectionRange; a1: A1Range; head: { bodyStart: number; names: string[] } },
  areas: Array<{ range: SelectionRange; a1: A1Range; own: RowNames | null }>,
  sheetOf: (a1: A1Range) => string,
): RowNames | null {
  const width = v.range.values[0].length;
  if (width < 2) return null;
  const body = v.range.values.slice(v.head.bodyStart);
  for (const o of areas) {
    if (o.range === v.range || o.own?.column == null || sheetOf(o.a1) !== sheetOf(v.a1)) continue;
    const c = o.a1.left + o.own.column - v.a1.left;
    if (c < 0 || c >= width) continue;
    if (!body.length || body.some((row) => labelText(row[c]) === null) || !body.some((row) => row.some((x, j) => j !== c && isNumber(x)))) continue;
    const own = o.own;
    return { label: (r) => labelText(v.range.values[r][c]), name: own.name, periods: own.periods, column: c, from: null };
  }
  return null;
}

/** Sort key: areas left of `of` by distance, then areas right of it by distance. */
function side(a: A1Range, of: A1Range): number {
  return a.left < of.left ? of.left - a.left : MAX_DISTANCE + a.left - of.left;
}
const MAX_DISTANCE = 1 << 20;

/**
 * Numeric columns (at least `minValues` numbers) of every range, each value with its row's label. The same
 * column picked in several ranges of one sheet — a header block and the rows asked about, ctrl-clicked —
 * is one series over all of them, in row order: the May row selected apart from Jan–Mar is still a month
 * of Revenue, not a range with "no numeric column". Values in an area without a label column take their
 * labels from a label area on the same rows (`pairLabelAreas`). Addresses on another sheet than `sheet`
 * (the active one) carry their sheet's name.
 */
export function numericColumns(ranges: SelectionRange[], minValues = 2, sheet?: string): Series[] {
  const out: Series[] = [];
  const parts = new Map<string, { series: Series; rows: number[]; raw: unknown[] }>();
  const shared = withSharedHeaders(ranges);
  const rowNames = rowNamesOf(shared, sheet);
  for (const [area, range] of shared.entries()) {
    const a1 = parseA1(range.address);
    if (!a1) continue;
    const { names, bodyStart } = headersOf(range, a1);
    const key = rowNames.get(area);
    const skip = key?.column ?? -1;
    const ordered = !key || key.periods;
    for (let c = 0; c < range.values[0].length; c++) {
      if (c === skip) continue;
      const column = cellAddress(a1, 0, c).replace(/\d+/g, '');
      const id = `${a1.sheet ?? ''}!${column}|${names[c]}`;
      let part = parts.get(id);
      const first = !part;
      if (!part) {
        part = {
          series: { label: names[c], address: '', unit: null, values: [], addresses: [], rowLabels: [], rowLabelName: key?.name ?? null, ordered, areas: [] },
          rows: [],
          raw: [],
        };
        parts.set(id, part);
        out.push(part.series);
      }
      const { series, rows, raw } = part;
      let found = 0;
      for (let r = bodyStart; r < range.values.length; r++) {
        const n = toNumber(range.values[r][c]);
        if (n === null) continue;
        found++;
        series.values.push(n);
        series.addresses.push(onSheet(a1, cellAddress(a1, r, c), sheet));
        series.rowLabels.push(key ? key.label(r) : null);
        rows.push(a1.top + r);
        raw.push(range.values[r][c]);
      }
      if (!found) continue;
      (series.areas ??= []).push(area);
      const span = onSheet(a1, spanAddress(a1, bodyStart, range.values.length - 1, c, c), sheet);
      series.address = series.address ? `${series.address}, ${span}` : span;
      if (!first) {
        series.ordered &&= ordered;
        series.rowLabelName ??= key?.name ?? null;
      }
    }
  }
  for (const { series, rows, raw } of parts.values()) {
    series.unit = unitOf(raw, series.label);
    // Ranges may be picked bottom first; a trend runs down the sheet.
    if (rows.some((row, i) => i > 0 && row < rows[i - 1])) {
      const order = rows.map((_, i) => i).sort((x, y) => rows[x] - rows[y]);
      series.values = order.map((i) => series.values[i]);
      series.addresses = order.map((i) => series.addresses[i]);
      series.rowLabels = order.map((i) => series.rowLabels[i]);
    }
  }
  return out.filter((s) => s.values.length >= minValues);
}

/**
 * Rows with at least two numbers, for tables where rows are the entities (e.g. one product per row), named
 * by the table's label column or a label area on the same rows.
 */
export function numericRows(ranges: SelectionRange[], sheet?: string): Series[] {
  const out: Series[] = [];
  const shared = withSharedHeaders(ranges);
  const rowNames = rowNamesOf(shared, sheet);
  for (const [area, range] of shared.entries()) {
    const a1 = parseA1(range.address);
    if (!a1 || range.values[0].length < 2) continue;
    const { names, bodyStart } = headersOf(range, a1);
    const rowName = rowNames.get(area);
    const key = rowName?.column == null ? null : { index: rowName.column };
    const named = range.headers !== undefined || bodyStart > 0; // else names are only column letters
    for (let r = bodyStart; r < range.values.length; r++) {
      const row = range.values[r];
      const values: number[] = [];
      const addresses: string[] = [];
      const columns: Array<string | null> = [];
      row.forEach((v, c) => {
        const n = c === key?.index ? null : toNumber(v);
        if (n !== null) {
          values.push(n);
          addresses.push(onSheet(a1, cellAddress(a1, r, c), sheet));
          columns.push(named ? names[c] : null);
        }
      });
      if (values.length < 2) continue;
      const label = rowName ? rowName.label(r) : null;
      out.push({
        label: label ?? `Row ${a1.top + r + 1}`, address: onSheet(a1, spanAddress(a1, r, r, 0, row.length - 1), sheet), unit: null,
        // A row's values are named by their columns ("Cost"), so its min and max say which column.
        values, addresses, rowLabels: columns, rowLabelName: null, ordered: false, areas: [area],
        ...(label === null ? { sheetRow: a1.top + r + 1 } : {}),
      });
    }
  }
  return out;
}

/** Headers that name the rows' period or date rather than a measure. */
const PERIOD_HEADER = /^(fiscal |calendar )?(year|yr|fy|date|day|week|month|period|quarter|qtr|time)s?\b|^(회계\s*)?(연도|년도|날짜|일자|주차?|월|분기|반기|기간|연월일?)(?:$|[\s(])/i;
const MONTH = 'jan(uary)?|feb(ruary)?|mar(ch)?|apr(il)?|may|june?|july?|aug(ust)?|sep(t(ember)?)?|oct(ober)?|nov(ember)?|dec(ember)?';
/** Labels that are periods: years (FY24), months (Jan 2024), quarters and halves (Q1-24, 2024 Q1), weeks, dates, weekdays. */
const PERIOD_FORMS = [
  `(fy|cy)\\s?'?\\d{2}(\\d{2})?`,
  `(${MONTH})\\.?([\\s/'-]*\\d{2,4})?`,
  `(q[1-4]|[1-4]q|h[12])([\\s/'-]*(fy)?\\d{2,4})?`,
  `(fy|cy)?\\d{4}[\\s/-]*(q[1-4]|h[12])`,
  `(w|wk|week|day|month|period|quarter)\\s*\\d{1,3}`,
  `\\d{1,4}[/.-]\\d{1,2}([/.-]\\d{1,4})?([ T][\\d:]+)?`,
  '(mon|tues?|wed|thu(rs?)?|fri|sat|sun)\\.?',
  '(mon|tues|wednes|thurs|fri|satur|sun)day',
  // Korean: 2024년, 2024년 3월, 1월, 1분기, 2024년 1분기, 상반기, 3주차, 15일, 월요일.
  '(\\d{2,4}\\s*년)(\\s*\\d{1,2}\\s*월)?',
  '\\d{1,2}\\s*(월|일|주차?)',
  '(\\d{2,4}\\s*년\\s*)?([1-4]\\s*분기|[상하]반기)',
  '[월화수목금토일]요일',
];
const PERIOD_LABEL = new RegExp(`^(${PERIOD_FORMS.map((p) => `(${p})`).join('|')})$`, 'i');

/**
 * The column that names each row: the left-most column whose filled body cells are mostly text
 * ("Region", "Month"), else a numeric column of periods (a "Year" or "Date" header, or years counting up
 * or down by a fixed step), which is a key and not a measure. `periods` tells whether its labels are periods.
 */
export function labelColumn(range: SelectionRange, bodyStart: number, names: string[]): { index: number; periods: boolean } | null {
  const body = range.values.slice(bodyStart);
  const width = range.values[0].length;
  for (let c = 0; c < width; c++) {
    const filled = body.map((row) => row[c]).filter((v) => v !== null && v !== '');
    const text = filled.filter((v) => typeof v === 'string' && toNumber(v) === null);
    if (text.length && text.length * 2 >= filled.length) {
      return { index: c, periods: text.every((v) => PERIOD_LABEL.test(String(v).trim())) };
    }
  }
  if (width < 2) return null;
  for (let c = 0; c < width; c++) {
    const nums = body.map((row) => toNumber(row[c]));
    if (nums.length < 2 || nums.some((n) => n === null)) continue;
    if (PERIOD_HEADER.test(names[c]) || isYearRun(nums as number[])) return { index: c, periods: true };
  }
  return null;
}

/** At least three whole years in 1900–2100, counting up or down by one fixed step. */
function isYearRun(nums: number[]): boolean {
  if (nums.length < 3 || !nums.every((n) => Number.isInteger(n) && n >= 1900 && n <= 2100)) return false;
  const step = nums[1] - nums[0];
  return step !== 0 && Math.abs(step) <= 5 && nums.every((n, i) => i === 0 || n - nums[i - 1] === step);
}

function labelText(v: unknown): string | null {
  if (v === null || v === undefined || v === '') return null;
  const text = String(v).trim();
  return text ? text.slice(0, 80) : null;
}

function quantile(sorted: number[], q: number): number {
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

export function describe(series: Series): SeriesStats {
  const v = series.values;
  const n = v.length;
  const sum = v.reduce((a, b) => a + b, 0);
  const mean = sum / n;
  const sorted = [...v].sort((a, b) => a - b);
  const variance = n > 1 ? v.reduce((a, x) => a + (x - mean) ** 2, 0) / (n - 1) : 0;
  let minI = 0;
  let maxI = 0;
  v.forEach((x, i) => {
    if (x < v[minI]) minI = i;
    if (x > v[maxI]) maxI = i;
  });
  // Least-squares slope over the position in the series.
  const xMean = (n - 1) / 2;
  let num = 0;
  let den = 0;
  v.forEach((y, i) => {
    num += (i - xMean) * (y - mean);
    den += (i - xMean) ** 2;
  });
  const slope = den ? num / den : 0;
  const scale = Math.max(Math.abs(mean), Math.sqrt(variance), 1e-9);
  const trend = Math.abs(slope * (n - 1)) < 0.05 * scale ? 'flat' : slope > 0 ? 'rising' : 'falling';
  // Tukey's fences: robust for the small samples a selection usually is.
  const outliers: SeriesStats['outliers'] = [];
  if (n >= OUTLIER_MIN_VALUES) {
    const q1 = quantile(sorted, 0.25);
    const q3 = quantile(sorted, 0.75);
    const iqr = q3 - q1;
    v.forEach((x, i) => {
      if (x < q1 - 1.5 * iqr || x > q3 + 1.5 * iqr) outliers.push(pointOf(series, i));
    });
  }
  return {
    count: n,
    sum,
    mean,
    median: quantile(sorted, 0.5),
    min: pointOf(series, minI),
    max: pointOf(series, maxI),
    stdDev: Math.sqrt(variance),
    slope,
    trend,
    changePct: v[0] === 0 ? null : ((v[n - 1] - v[0]) / Math.abs(v[0])) * 100,
    outliers,
  };
}

/** Below this many values Tukey's fences say nothing (describe() skips them). */
export const OUTLIER_MIN_VALUES = 4;

/**
 * For a few positive values, too few for an outlier test: the one farthest, as a ratio, from the median of
 * the others ("9,100 is 7.2× the median of the others"), or null when the values are not all positive.
 */
export function standout(series: Series): { point: Point; ratio: number; othersMedian: number } | null {
  const v = series.values;
  if (v.length < 2 || v.some((x) => x <= 0)) return null;
  let best: { point: Point; ratio: number; othersMedian: number } | null = null;
  v.forEach((x, i) => {
    const others = v.filter((_, j) => j !== i).sort((a, b) => a - b);
    const othersMedian = quantile(others, 0.5);
    const ratio = x / othersMedian;
    if (!best || Math.max(ratio, 1 / ratio) > Math.max(best.ratio, 1 / best.ratio)) best = { point: pointOf(series, i), ratio, othersMedian };
  });
  return best;
}

/** The i-th value of a series with its cell and row label. */
export function pointOf(series: Series, i: number): Point {
  return { value: series.values[i], address: series.addresses[i], label: series.rowLabels[i] ?? null };
}

// Built once: toLocaleString with options builds a new formatter on every call (it dominated a profile).
const FORMATS = [0, 2, 4].map((d) => new Intl.NumberFormat('en-US', { maximumFractionDigits: d }));

export function fmt(n: number): string {
  const abs = Math.abs(n);
  return FORMATS[abs >= 1000 ? 0 : abs >= 1 ? 1 : 2].format(n);
}
