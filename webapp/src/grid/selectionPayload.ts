import type { CellValue } from './parseCells';
import { normalize, rangeAddress, type Selection } from './selection';

export interface SelectionRange {
  address: string;
  values: CellValue[][];
  headers?: string[];
}

export interface AnalysisSelection {
  workbook?: string;
  sheet: string;
  ranges: SelectionRange[];
}

/**
 * The selection as the analysis API takes it: each range's address and values. When a range starts below
 * the first row and the first row reads as column titles, those titles go along as `headers` so the answer
 * can name the columns.
 */
export function selectionPayload(rows: CellValue[][], selection: Selection, sheet: string, workbook?: string): AnalysisSelection {
  const titles = rows[0] ?? [];
  return {
    ...(workbook ? { workbook } : {}),
    sheet,
    ranges: selection.ranges.map((raw) => {
      const r = normalize(raw);
      const values = rows.slice(r.start.row, r.end.row + 1).map((row) => Array.from({ length: r.end.col - r.start.col + 1 }, (_, i) => row[r.start.col + i] ?? null));
      const header = titles.slice(r.start.col, r.end.col + 1);
      const hasHeaders = r.start.row > 0 && header.length > 0 && header.every((v) => typeof v === 'string' && v.trim() !== '');
      return { address: rangeAddress(r), values, ...(hasHeaders ? { headers: header as string[] } : {}) };
    }),
  };
}
