/** The active range list (one or several ranges) as the analysis API takes it. */
import { rangeAddress, SELECTION_CELL_LIMIT } from '@intellio/api-client';

import { cellValue, spreadsheetTimeZone, type CellValue } from './cell';
import { t } from './i18n';

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
      // A whole column is "A:A" in A1 notation, which the analysis API refuses: it takes the cells' corners.
      const address = rangeAddress(r.getRow(), r.getColumn(), r.getNumRows(), r.getNumColumns());
      const range: SelectionRange = { address, rows: r.getNumRows(), columns: r.getNumColumns(), values };
      if (firstRowIsHeaders && values.length > 1) {
        // A blank header is named in the user's language, as the Excel pane names it.
        range.headers = values[0].map((h, i) => (h === null ? t('pane.selection.column', { n: i + 1 }) : String(h)));
        range.values = values.slice(1);
      }
      return range;
    }),
  };
}
