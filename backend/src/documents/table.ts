/** CSV/XLSX rows for the web app's grid, capped so a huge sheet cannot exhaust the server. */
import type { Deps } from '../deps.js';
import { AppError, badRequest } from '../http/errors.js';
import type { Scalar } from './extract/cells.js';
import { readCsv } from './extract/csv.js';
import { readWorkbook, sheetRows } from './extract/xlsx.js';
import type { Document } from './model.js';

export const MAX_TABLE_ROWS = 10_000;

export interface TableView {
  sheets: string[];
  sheet: string;
  rows: Scalar[][];
  /** True when the sheet has more rows than were returned. */
  truncated: boolean;
}

export async function readTable(deps: Pick<Deps, 'storage'>, doc: Document, sheet?: string): Promise<TableView> {
  if (doc.kind !== 'csv' && doc.kind !== 'xlsx') throw badRequest('Only CSV and XLSX documents have a table view.');
  const copy = await deps.storage.localCopy(doc.storageKey);
  try {
    if (doc.kind === 'csv') {
      const rows = await readCsv(copy.path, MAX_TABLE_ROWS + 1).catch(() => {
        throw new AppError(422, 'unreadable', 'The CSV file could not be read.');
      });
      return { sheets: [doc.filename], sheet: doc.filename, rows: rows.slice(0, MAX_TABLE_ROWS), truncated: rows.length > MAX_TABLE_ROWS };
    }
    const wb = await readWorkbook(copy.path).catch(() => {
      throw new AppError(422, 'unreadable', 'The workbook could not be read.');
    });
    const sheets = wb.worksheets.map((w) => w.name);
    const ws = sheet === undefined ? wb.worksheets[0] : wb.worksheets.find((w) => w.name === sheet);
    if (!ws) throw new AppError(404, 'not_found', `Sheet "${sheet ?? ''}" not found.`, { sheets });
    const { rows } = sheetRows(ws, MAX_TABLE_ROWS);
    return { sheets, sheet: ws.name, rows, truncated: ws.rowCount > MAX_TABLE_ROWS };
  } finally {
    await copy.release();
  }
}
