/**
 * XLSX: each sheet in blocks of rows, located as "Sheet!A1:F40". The header row is repeated in later blocks.
 *
 * Read as a stream (exceljs' WorkbookReader): rows are turned into text as they are parsed and dropped, so
 * memory holds the shared strings and the text, not a cell object per cell (the whole-workbook reader
 * took 4.1 GB for 10 million cells). exceljs trusts the archive, so the file is first inflated once with
 * the bounds of zip.ts, and a file past the cell limit stops being read at that cell.
 */
import fs from 'node:fs/promises';
import ExcelJS from 'exceljs';
import { PermanentJobError } from '../../queue/runner.js';
import { DocumentReadError } from '../failure.js';
import { cellScalar, columnLetter, rowLine, sheetRef, type Scalar } from './cells.js';
import { tooManyCells } from './csv.js';
import { DEFAULT_LIMITS, type ExtractOptions, type Extraction, type Unit, type ZipLimits } from './types.js';
import { decodeXml } from './xml.js';
import { checkZip, unzipBounded } from './zip.js';

const ROWS_PER_UNIT = 40;

export interface SheetRow {
  sheet: string;
  /** 1-based row number in the sheet (rows without any value are not yielded). */
  number: number;
  values: Scalar[];
}

/**
 * The rows that hold a value, sheet by sheet in the archive's order, after checking the archive against
 * `limits`. More than `maxCells` cells (each row counted up to its last value) fail the file.
 */
export async function* workbookRows(
  filePath: string,
  options: { limits?: ZipLimits & { maxCells: number }; signal?: AbortSignal } = {},
): AsyncGenerator<SheetRow> {
  const limits = options.limits ?? DEFAULT_LIMITS;
  checkZip(new Uint8Array(await fs.readFile(filePath)), limits, 'workbook');
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(filePath, {
    worksheets: 'emit', sharedStrings: 'cache', styles: 'cache', hyperlinks: 'ignore', entries: 'ignore',
  });
  let cells = 0;
  let rows = 0;
  try {
    for await (const sheet of reader) {
      const name = (sheet as unknown as { name: string }).name;
      for await (const row of sheet) {
        const raw = row.values as ExcelJS.CellValue[];
        const values: Scalar[] = [];
        let width = 0;
        for (let c = 1; c < raw.length; c++) {
          const v = cellScalar(raw[c]);
          if (v !== null && v !== '') width = c;
          values.push(v);
        }
        if (!width) continue;
        values.length = width;
        // The row's width up to its last value counts, empty cells too: one value in column XFD makes a
        // 16,384-cell line, and a few thousand such rows must meet the cell limit, not the time limit.
        cells += width;
        if (cells > limits.maxCells) throw tooManyCells('workbook', limits.maxCells);
        if (++rows % 1000 === 0) options.signal?.throwIfAborted();
        yield { sheet: name, number: row.number, values };
      }
    }
  } catch (err) {
    if (err instanceof PermanentJobError || options.signal?.aborted) throw err;
    throw new DocumentReadError('damaged', `The workbook is damaged and could not be read (${(err as Error).message}).`);
  }
}

/** The workbook's sheet names in tab order (xl/workbook.xml), without reading any sheet. */
export function sheetNames(data: Uint8Array, limits: ZipLimits = DEFAULT_LIMITS): string[] {
  const xml = unzipBounded(data, (n) => n === 'xl/workbook.xml', limits, 'workbook').get('xl/workbook.xml');
  if (!xml) throw new DocumentReadError('damaged', 'The workbook is damaged and could not be read (xl/workbook.xml is missing).');
  return [...new TextDecoder().decode(xml).matchAll(/<(?:\w+:)?sheet\b[^>]*?\bname="([^"]*)"/g)].map((m) => decodeXml(m[1]));
}

export async function extractXlsx(filePath: string, options: ExtractOptions = {}): Promise<Extraction> {
  const units: Unit[] = [];
  let rows = 0;
  // The sheet being read: its header line, widest row so far, and the block of rows not yet a unit.
  let sheet = '';
  let header = '';
  let columns = 1;
  let blockStart = 0;
  let lastRow = 0;
  let block: Map<number, string> = new Map();
  const flush = (end: number) => {
    if (!block.size) return;
    const lines: string[] = [];
    for (let r = blockStart; r <= end; r++) lines.push(block.get(r) ?? '');
    block = new Map();
    if (!lines.some((l) => l.trim())) return;
    const body = (blockStart > 1 && header ? [header, ...lines] : lines).join('\n');
    units.push({ page: null, location: `${sheetRef(sheet)}!A${blockStart}:${columnLetter(columns)}${end}`, text: `${sheet}\n${body}` });
  };
  for await (const row of workbookRows(filePath, { limits: options.limits ?? DEFAULT_LIMITS, signal: options.signal })) {
    if (row.sheet !== sheet) {
      flush(lastRow);
      sheet = row.sheet;
      header = '';
      columns = 1;
      blockStart = 0;
    }
    const start = Math.floor((row.number - 1) / ROWS_PER_UNIT) * ROWS_PER_UNIT + 1;
    if (start !== blockStart) {
      flush(blockStart + ROWS_PER_UNIT - 1);
      blockStart = start;
    }
    const line = rowLine(row.values);
    if (row.number === 1) header = line;
    columns = Math.max(columns, row.values.length);
    block.set(row.number, line);
    lastRow = row.number;
    rows++;
  }
  flush(lastRow);
  return { units, pages: null, locationKind: 'sheet-range', rows };
}
