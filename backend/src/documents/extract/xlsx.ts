/** XLSX: each sheet in blocks of rows, located as "Sheet!A1:F40". The header row is repeated in later blocks. */
import ExcelJS from 'exceljs';
import { cellScalar, columnLetter, rowLine, sheetRef, type Scalar } from './cells.js';
import type { ExtractOptions, Extraction, Unit } from './types.js';

const ROWS_PER_UNIT = 40;

export async function readWorkbook(filePath: string): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(filePath);
  return wb;
}

/** A sheet's rows as scalars, from row 1 to its last used row (at most `maxRows`). */
export function sheetRows(ws: ExcelJS.Worksheet, maxRows = Infinity): { rows: Scalar[][]; columns: number } {
  const rows: Scalar[][] = [];
  const columns = ws.actualColumnCount || ws.columnCount;
  const last = Math.min(ws.rowCount, maxRows);
  for (let r = 1; r <= last; r++) {
    const row = ws.getRow(r);
    const values: Scalar[] = [];
    for (let c = 1; c <= columns; c++) values.push(cellScalar(row.getCell(c).value));
    rows.push(values);
  }
  return { rows, columns };
}

export async function extractXlsx(filePath: string, options: ExtractOptions = {}): Promise<Extraction> {
  const wb = await readWorkbook(filePath);
  const units: Unit[] = [];
  for (const ws of wb.worksheets) {
    const { rows, columns } = sheetRows(ws);
    const lastCol = columnLetter(Math.max(columns, 1));
    const header = rows.length ? rowLine(rows[0]) : '';
    for (let start = 0; start < rows.length; start += ROWS_PER_UNIT) {
      const end = Math.min(rows.length, start + ROWS_PER_UNIT);
      const lines = rows.slice(start, end).map(rowLine);
      if (!lines.some((l) => l.trim())) continue;
      const body = (start > 0 && header ? [header, ...lines] : lines).join('\n');
      units.push({ page: null, location: `${sheetRef(ws.name)}!A${start + 1}:${lastCol}${end}`, text: `${ws.name}\n${body}` });
    }
    options.signal?.throwIfAborted();
  }
  return { units, pages: null, locationKind: 'sheet-range' };
}
