/** The active range list (one or several ranges) as the analysis API takes it. */
import { SELECTION_CELL_LIMIT } from '@intellio/api-client';

export type CellValue = string | number | boolean | null;

export interface SelectionRange {
  address: string;
  rows: number;
  columns: number;
  values: CellValue[][];
  headers?: string[];
}

export type SheetSelectionResult =
  | { status: 'ok'; workbook: string; sheet: string; cellCount: number; ranges: SelectionRange[] }
  | { status: 'too_large'; cellCount: number; limit: number; address: string }
  | { status: 'empty' };

function cell(v: unknown): CellValue {
  if (v === '' || v === null || v === undefined) return null;
  // Sheets hands dates over as Date objects; ISO text survives JSON and reads unambiguously.
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : v.toISOString().replace(/T00:00:00\.000Z$/, '');
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  return String(v);
}

/** Reads every range of the current selection; sizes are checked before any values are fetched. */
export function readSelection(firstRowIsHeaders: boolean): SheetSelectionResult {
  const spreadsheet = SpreadsheetApp.getActiveSpreadsheet();
  const list = spreadsheet.getActiveRangeList();
  const ranges = list ? list.getRanges() : [];
  if (!ranges.length) return { status: 'empty' };
  const cellCount = ranges.reduce((n, r) => n + r.getNumRows() * r.getNumColumns(), 0);
  if (cellCount > SELECTION_CELL_LIMIT) {
    return { status: 'too_large', cellCount, limit: SELECTION_CELL_LIMIT, address: ranges.map((r) => r.getA1Notation()).join(',') };
  }
  return {
    status: 'ok',
    workbook: spreadsheet.getName(),
    sheet: ranges[0].getSheet().getName(),
    cellCount,
    ranges: ranges.map((r) => {
      const values = r.getValues().map((row) => row.map(cell));
      const range: SelectionRange = { address: r.getA1Notation(), rows: r.getNumRows(), columns: r.getNumColumns(), values };
      if (firstRowIsHeaders && values.length > 1) {
        range.headers = values[0].map((h, i) => (h === null ? `Column ${i + 1}` : String(h)));
        range.values = values.slice(1);
      }
      return range;
    }),
  };
}
