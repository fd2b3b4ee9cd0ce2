/** Spreadsheet cell values as plain JSON scalars, shared by extraction and the table view. */
import type { CellValue } from 'exceljs';

export type Scalar = string | number | boolean | null;

export function cellScalar(v: CellValue | undefined): Scalar {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : v.toISOString().replace(/T00:00:00\.000Z$/, '');
  if (typeof v === 'object') {
    if ('result' in v) return cellScalar(v.result as CellValue); // formula: its last computed value
    if ('richText' in v) return v.richText.map((r) => r.text).join('');
    if ('text' in v && typeof v.text === 'string') return v.text; // hyperlink
    if ('error' in v) return String(v.error);
  }
  return null;
}

/** 1 → A, 27 → AA. */
export function columnLetter(n: number): string {
  let s = '';
  for (let c = n; c > 0; c = Math.floor((c - 1) / 26)) s = String.fromCharCode(65 + ((c - 1) % 26)) + s;
  return s;
}

/** A sheet name as it appears in an A1 reference ('My sheet'!A1). */
export function sheetRef(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_.]*$/.test(name) ? name : `'${name.replace(/'/g, "''")}'`;
}

/** The row's cells joined by " | ", without the empty cells that end it (no regex: a 16,384-cell row backtracks). */
export function rowLine(values: Scalar[]): string {
  let end = values.length;
  while (end > 0 && (values[end - 1] === null || values[end - 1] === '')) end--;
  return values.slice(0, end).map((v) => (v === null ? '' : String(v))).join(' | ');
}
