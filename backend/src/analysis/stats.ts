/**
 * Descriptive statistics of a selection, per numeric column and (for tables with several numeric
 * columns) per row: what the local analyst reports and what the model prompt summarises.
 */
import { parseA1, spanAddress, cellAddress, type A1Range } from './a1.js';
import type { SelectionRange } from './schema.js';

export interface Series {
  label: string;
  /** "C3:C9" */
  address: string;
  unit: string | null;
  values: number[];
  addresses: string[];
}

export interface SeriesStats {
  count: number;
  sum: number;
  mean: number;
  median: number;
  min: { value: number; address: string };
  max: { value: number; address: string };
  stdDev: number;
  /** Least-squares slope per step, and its direction. */
  slope: number;
  trend: 'rising' | 'falling' | 'flat';
  /** First → last, in percent; null when the first value is 0. */
  changePct: number | null;
  outliers: Array<{ value: number; address: string }>;
}

const UNIT_SYMBOLS: Array<[RegExp, string]> = [
  [/^\s*\$|\$\s*$|\bUSD\b/i, 'USD'],
  [/€|\bEUR\b/i, 'EUR'],
  [/£|\bGBP\b/i, 'GBP'],
  [/%\s*$/, '%'],
];

/** A number from a cell: numbers as they are, numeric text ("1,234.5", "$12", "7%", "(40)") parsed. */
export function toNumber(v: unknown): number | null {
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v !== 'string') return null;
  let s = v.trim();
  if (!s || s.length > 40) return null;
  const negative = /^\(.*\)$/.test(s);
  s = s.replace(/^\(|\)$/g, '').replace(/[$€£,\s]|USD|EUR|GBP/gi, '');
  const pct = s.endsWith('%');
  if (pct) s = s.slice(0, -1);
  if (!/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(s)) return null;
  const n = Number(s) * (negative ? -1 : 1);
  return Number.isFinite(n) ? n : null;
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

/** Numeric columns (at least two numbers) of every range. */
export function numericColumns(ranges: SelectionRange[]): Series[] {
  const out: Series[] = [];
  for (const range of ranges) {
    const a1 = parseA1(range.address);
    if (!a1) continue;
    const { names, bodyStart } = headersOf(range, a1);
    for (let c = 0; c < range.values[0].length; c++) {
      const values: number[] = [];
      const addresses: string[] = [];
      const raw: unknown[] = [];
      for (let r = bodyStart; r < range.values.length; r++) {
        const n = toNumber(range.values[r][c]);
        if (n === null) continue;
        values.push(n);
        addresses.push(cellAddress(a1, r, c));
        raw.push(range.values[r][c]);
      }
      if (values.length < 2) continue;
      out.push({ label: names[c], address: spanAddress(a1, bodyStart, range.values.length - 1, c, c), unit: unitOf(raw, names[c]), values, addresses });
    }
  }
  return out;
}

/** Rows with at least two numbers, for tables where rows are the entities (e.g. one product per row). */
export function numericRows(ranges: SelectionRange[]): Series[] {
  const out: Series[] = [];
  for (const range of ranges) {
    const a1 = parseA1(range.address);
    if (!a1 || range.values[0].length < 2) continue;
    const { bodyStart } = headersOf(range, a1);
    for (let r = bodyStart; r < range.values.length; r++) {
      const row = range.values[r];
      const values: number[] = [];
      const addresses: string[] = [];
      row.forEach((v, c) => {
        const n = toNumber(v);
        if (n !== null) {
          values.push(n);
          addresses.push(cellAddress(a1, r, c));
        }
      });
      if (values.length < 2) continue;
      const label = row.find((v) => typeof v === 'string' && toNumber(v) === null && v.trim()) as string | undefined;
      out.push({ label: label ? String(label).trim() : `Row ${a1.top + r + 1}`, address: spanAddress(a1, r, r, 0, row.length - 1), unit: null, values, addresses });
    }
  }
  return out;
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
  if (n >= 4) {
    const q1 = quantile(sorted, 0.25);
    const q3 = quantile(sorted, 0.75);
    const iqr = q3 - q1;
    v.forEach((x, i) => {
      if (x < q1 - 1.5 * iqr || x > q3 + 1.5 * iqr) outliers.push({ value: x, address: series.addresses[i] });
    });
  }
  return {
    count: n,
    sum,
    mean,
    median: quantile(sorted, 0.5),
    min: { value: v[minI], address: series.addresses[minI] },
    max: { value: v[maxI], address: series.addresses[maxI] },
    stdDev: Math.sqrt(variance),
    slope,
    trend,
    changePct: v[0] === 0 ? null : ((v[n - 1] - v[0]) / Math.abs(v[0])) * 100,
    outliers,
  };
}

// Built once: toLocaleString with options builds a new formatter on every call (it dominated a profile).
const FORMATS = [0, 2, 4].map((d) => new Intl.NumberFormat('en-US', { maximumFractionDigits: d }));

export function fmt(n: number): string {
  const abs = Math.abs(n);
  return FORMATS[abs >= 1000 ? 0 : abs >= 1 ? 1 : 2].format(n);
}
