/** CSV: blocks of rows located as "rows a–b" (1-based file rows, header = row 1), header repeated per block. */
import fs from 'node:fs/promises';
import { parse } from 'csv-parse/sync';
import { PermanentJobError } from '../../queue/runner.js';
import { rowLine, type Scalar } from './cells.js';
import { decodeText } from './text.js';
import type { Extraction, Unit } from './types.js';

const ROWS_PER_UNIT = 50;

/** Rows of a CSV file (`,`, `;` or tab separated), at most `maxRows`. */
export async function readCsv(filePath: string, maxRows?: number): Promise<string[][]> {
  const text = decodeText(await fs.readFile(filePath));
  try {
    return parse(text, {
      delimiter: [',', ';', '\t'],
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
      bom: true,
      ...(maxRows ? { to: maxRows } : {}),
    }) as string[][];
  } catch (err) {
    throw new PermanentJobError(`The CSV file could not be read: ${(err as Error).message}`);
  }
}

export async function extractCsv(filePath: string): Promise<Extraction> {
  const rows = await readCsv(filePath);
  const units: Unit[] = [];
  const header = rows.length ? rowLine(rows[0] as Scalar[]) : '';
  for (let start = 0; start < rows.length; start += ROWS_PER_UNIT) {
    const end = Math.min(rows.length, start + ROWS_PER_UNIT);
    const lines = rows.slice(start, end).map((r) => rowLine(r));
    const body = (start > 0 ? [header, ...lines] : lines).join('\n');
    if (body.trim()) units.push({ page: null, location: `rows ${start + 1}–${end}`, text: body });
  }
  return { units, pages: null, locationKind: 'rows' };
}
