/** The active range list (one or several ranges) as the analysis API takes it. */
import { SELECTION_CELL_LIMIT } from '@intellio/api-client';

import { cellValue, spreadsheetTimeZone, type CellValue } from './cell';

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
  const timeZone = spreadsheetTimeZone();
  return {
    status: 'ok',
    workbook: spreadsheet.getName(),
    sheet: ranges[0].getSheet().getName(),
    cellCount,
    ranges: ranges.map((r) => {
      const values = r.getValues().map((row) => row.map((v) => cellValue(v, timeZone)));
      const range: SelectionRange = { address: r.getA1Notation(), rows: r.getNumRows(), columns: r.getNumColumns(), values };
      if (firstRowIsHeaders && values.length > 1) {
        range.headers = values[0].map((h, i) => (h === null ? `Column ${i + 1}` : String(h)));
        range.values = values.slice(1);
      }
      return range;
    }),
  };
}
