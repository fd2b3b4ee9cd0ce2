/** CSV/XLSX rows for the web app's grid, capped so a huge sheet cannot exhaust the server. */
import fs from 'node:fs/promises';
import type { Deps } from '../deps.js';
import { AppError, badRequest } from '../http/errors.js';
import type { Scalar } from './extract/cells.js';
import { readCsv } from './extract/csv.js';
import { sheetNames, workbookRows } from './extract/xlsx.js';
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
    const data = new Uint8Array(await fs.readFile(copy.path));
    let sheets: string[];
    try {
      sheets = sheetNames(data);
    } catch {
      throw new AppError(422, 'unreadable', 'The workbook could not be read.');
    }
    const wanted = sheet ?? sheets[0];
    if (wanted === undefined || !sheets.includes(wanted)) throw new AppError(404, 'not_found', `Sheet "${sheet ?? ''}" not found.`, { sheets });
    // Streamed: only the wanted sheet's first rows are kept, and the reading stops after them.
    const rows: Scalar[][] = [];
    let truncated = false;
    let seen = false;
    try {
      for await (const row of workbookRows(copy.path)) {
        if (row.sheet !== wanted) {
          if (seen) break;
          continue;
        }
        seen = true;
        if (row.number > MAX_TABLE_ROWS) {
          truncated = true;
          break;
        }
        while (rows.length < row.number - 1) rows.push([]);
        rows.push(row.values);
      }
    } catch (err) {
      throw new AppError(422, 'unreadable', `The workbook could not be read: ${(err as Error).message}`);
    }
    return { sheets, sheet: wanted, rows, truncated };
  } finally {
    await copy.release();
  }
}
