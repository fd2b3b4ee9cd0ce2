/**
 * The table section's selection model, pure so it can be unit-tested: several rectangular ranges (the last
 * one is being edited), an anchor where the current range started, and a focus cell that moves with the
 * keyboard. Rows and columns are 0-based here; A1 addresses are 1-based rows with lettered columns.
 */
export interface Cell {
  row: number;
  col: number;
}

export interface Range {
  start: Cell;
  end: Cell;
}

export interface Selection {
  ranges: Range[];
  anchor: Cell;
  focus: Cell;
}

export interface Bounds {
  rows: number;
  cols: number;
}

/** The grid's size as a range, for "select all". */
export function fullRange(bounds: Bounds): Range {
  return { start: { row: 0, col: 0 }, end: { row: Math.max(0, bounds.rows - 1), col: Math.max(0, bounds.cols - 1) } };
}

/** A plain click: one cell, nothing else. */
export function selectCell(cell: Cell): Selection {
  return { ranges: [{ start: cell, end: cell }], anchor: cell, focus: cell };
}

/** Shift-click, or dragging: the current range now spans from its anchor to `cell`. */
export function extendTo(selection: Selection, cell: Cell): Selection {
  const ranges = selection.ranges.slice(0, -1);
  return { ranges: [...ranges, { start: selection.anchor, end: cell }], anchor: selection.anchor, focus: cell };
}

/** Ctrl/Cmd-click: keeps the ranges and starts a new one at `cell`. */
export function addCell(selection: Selection, cell: Cell): Selection {
  return { ranges: [...selection.ranges, { start: cell, end: cell }], anchor: cell, focus: cell };
}

const clamp = (value: number, max: number) => Math.max(0, Math.min(value, max - 1));

/** Arrow keys: move the focus by (dRow, dCol) inside `bounds`; with `extend` (Shift) grow the current range. */
export function moveFocus(selection: Selection, dRow: number, dCol: number, bounds: Bounds, extend: boolean): Selection {
  const cell = { row: clamp(selection.focus.row + dRow, bounds.rows), col: clamp(selection.focus.col + dCol, bounds.cols) };
  return extend ? extendTo(selection, cell) : selectCell(cell);
}

/** The range with start at the top-left corner and end at the bottom-right. */
export function normalize(range: Range): Range {
  return {
    start: { row: Math.min(range.start.row, range.end.row), col: Math.min(range.start.col, range.end.col) },
    end: { row: Math.max(range.start.row, range.end.row), col: Math.max(range.start.col, range.end.col) },
  };
}

export function contains(range: Range, cell: Cell): boolean {
  const r = normalize(range);
  return cell.row >= r.start.row && cell.row <= r.end.row && cell.col >= r.start.col && cell.col <= r.end.col;
}

export function isSelected(selection: Selection, cell: Cell): boolean {
  return selection.ranges.some((range) => contains(range, cell));
}

/** 0 → A, 25 → Z, 26 → AA, 701 → ZZ, 702 → AAA. */
export function columnName(col: number): string {
  let name = '';
  for (let n = col + 1; n > 0; n = Math.floor((n - 1) / 26)) name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
}

export function cellAddress(cell: Cell): string {
  return `${columnName(cell.col)}${cell.row + 1}`;
}

/** "B2" for one cell, "A1:C4" for a block. */
export function rangeAddress(range: Range): string {
  const r = normalize(range);
  const start = cellAddress(r.start);
  const end = cellAddress(r.end);
  return start === end ? start : `${start}:${end}`;
}

export function rangeSize(range: Range): number {
  const r = normalize(range);
  return (r.end.row - r.start.row + 1) * (r.end.col - r.start.col + 1);
}

/**
 * Cells in the selection. Overlapping ranges count once per range, as a spreadsheet's status bar does:
 * the analysis receives each range's values separately.
 */
export function cellCount(selection: Selection): number {
  return selection.ranges.reduce((sum, range) => sum + rangeSize(range), 0);
}

/** "A1:B3, D2": the selection's areas as a spreadsheet writes them (the same in every language). */
export function rangesText(selection: Selection): string {
  return selection.ranges.map(rangeAddress).join(', ');
}
