/**
 * A1 addresses to grid ranges, so an answer's cell citation ([B2], [B2:B9], [Sheet1!C4]) can select its cells
 * in the table. Rows and columns come back 0-based, as selection.ts counts them.
 */
import type { Range } from './selection';

const CORNER = /^\$?([A-Z]{1,3})\$?([1-9]\d{0,6})$/;

/** "A" → 0, "Z" → 25, "AA" → 26: the inverse of columnName. */
export function columnIndex(letters: string): number {
  return [...letters.toUpperCase()].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) - 1;
}

/** "B2" → { row: 1, col: 1 }; null when the text is not one cell. */
function corner(text: string): { row: number; col: number } | null {
  const m = CORNER.exec(text.trim().toUpperCase());
  return m ? { row: Number(m[2]) - 1, col: columnIndex(m[1]) } : null;
}

/**
 * "B2", "B9:B2", "$C$4" (a sheet prefix such as "Sheet1!" is dropped: the caller matches sheets) → the range
 * with its top-left corner first; null for anything that is not an address.
 */
export function parseA1Range(address: string): Range | null {
  const bare = address.slice(address.lastIndexOf('!') + 1);
  const parts = bare.split(':');
  if (parts.length > 2) return null;
  const [a, b] = [corner(parts[0]), corner(parts[1] ?? parts[0])];
  if (!a || !b) return null;
  return {
    start: { row: Math.min(a.row, b.row), col: Math.min(a.col, b.col) },
    end: { row: Math.max(a.row, b.row), col: Math.max(a.col, b.col) },
  };
}

/** Whether the range lies wholly inside a grid of `rows` × `cols` cells. */
export function rangeFits(range: Range, bounds: { rows: number; cols: number }): boolean {
  return range.end.row < bounds.rows && range.end.col < bounds.cols;
}
