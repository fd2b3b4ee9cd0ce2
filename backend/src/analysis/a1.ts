/**
 * A1 addresses ("B2", "$B$2:D9", "Sheet1!B2:D9", "'Q1 data'!A1:C3"): parsed to 0-based row/column bounds so
 * the server can check that the values sent really have the shape of the range they claim to come from,
 * and can name every cell it shows the model.
 */
export interface A1Range {
  sheet: string | null;
  top: number;
  left: number;
  rows: number;
  cols: number;
}

const MAX_ROWS = 1_048_576;
const MAX_COLS = 16_384;
const CELL = /^\$?([A-Z]{1,3})\$?(\d{1,7})$/;

export function columnName(index: number): string {
  let n = index + 1;
  let name = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    name = String.fromCharCode(65 + r) + name;
    n = Math.floor((n - 1) / 26);
  }
  return name;
}

function columnIndex(letters: string): number {
  let n = 0;
  for (const ch of letters) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

function parseCell(text: string): { row: number; col: number } | null {
  const m = CELL.exec(text.toUpperCase());
  if (!m) return null;
  const col = columnIndex(m[1]);
  const row = Number(m[2]) - 1;
  if (col < 0 || col >= MAX_COLS || row < 0 || row >= MAX_ROWS) return null;
  return { row, col };
}

/** The range an address names, or null when it is not a single rectangular A1 range. */
export function parseA1(address: string): A1Range | null {
  let sheet: string | null = null;
  let rest = address.trim();
  // A quoted sheet name may hold "!" and ":" ('Q1: plan!'!A1); an unquoted one holds neither.
  const quoted = /^'((?:[^']|'')+)'!/.exec(rest);
  if (quoted) {
    sheet = quoted[1].replace(/''/g, "'");
    rest = rest.slice(quoted[0].length);
  } else if (rest.includes('!')) {
    const bang = rest.indexOf('!');
    sheet = rest.slice(0, bang);
    rest = rest.slice(bang + 1);
    if (!sheet || /[:']/.test(sheet)) return null;
  }
  if (rest.includes('!')) return null;
  const parts = rest.split(':');
  if (parts.length > 2) return null;
  const a = parseCell(parts[0]);
  const b = parts.length === 2 ? parseCell(parts[1]) : a;
  if (!a || !b) return null;
  const top = Math.min(a.row, b.row);
  const left = Math.min(a.col, b.col);
  return { sheet, top, left, rows: Math.abs(a.row - b.row) + 1, cols: Math.abs(a.col - b.col) + 1 };
}

/** "C7" for the cell at (row, col) of a range. */
export function cellAddress(range: A1Range, row: number, col: number): string {
  return `${columnName(range.left + col)}${range.top + row + 1}`;
}

/** "C3:C9" for a column slice of a range. */
export function spanAddress(range: A1Range, fromRow: number, toRow: number, fromCol: number, toCol: number): string {
  const a = cellAddress(range, fromRow, fromCol);
  const b = cellAddress(range, toRow, toCol);
  return a === b ? a : `${a}:${b}`;
}
