/**
 * CSV: blocks of rows located as "rows a–b" (1-based file rows, header = row 1), header repeated per block.
 * The file is parsed as a stream (csv-parse), so a 45 MB file never sits in memory as one string and a
 * file past the cell limit stops being read at that cell.
 */
import { createReadStream } from 'node:fs';
import { parse } from 'csv-parse';
import { PermanentJobError } from '../../queue/runner.js';
import { DocumentReadError } from '../failure.js';
import { rowLine, type Scalar } from './cells.js';
import { DEFAULT_LIMITS, type ExtractOptions, type Extraction, type Unit } from './types.js';

const ROWS_PER_UNIT = 50;

/** UTF-8 when the whole file is valid UTF-8, Windows-1252 otherwise (Excel's plain CSV export), as decodeText. */
async function encodingOf(filePath: string): Promise<'utf-8' | 'windows-1252'> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  try {
    for await (const chunk of createReadStream(filePath)) decoder.decode(chunk as Buffer, { stream: true });
    decoder.decode();
    return 'utf-8';
  } catch (err) {
    if (err instanceof TypeError) return 'windows-1252';
    throw err;
  }
}

async function* decoded(filePath: string, encoding: string): AsyncGenerator<string> {
  const decoder = new TextDecoder(encoding); // drops a UTF-8 BOM
  for await (const chunk of createReadStream(filePath, { highWaterMark: 256 * 1024 })) yield decoder.decode(chunk as Buffer, { stream: true });
  yield decoder.decode();
}

/**
 * Rows of a CSV file (`,`, `;` or tab separated), read as a stream. Stops after `maxRows` rows; more than
 * `maxCells` cells fail the file with a reason its owner can read.
 */
export async function* csvRows(filePath: string, options: { maxRows?: number; maxCells?: number; signal?: AbortSignal } = {}): AsyncGenerator<string[]> {
  const parser = parse({
    delimiter: [',', ';', '\t'],
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: true,
  });
  const source = (async () => {
    for await (const text of decoded(filePath, await encodingOf(filePath))) {
      if (!parser.write(text)) await new Promise((resolve) => parser.once('drain', resolve));
      if (parser.destroyed) return;
    }
    parser.end();
  })();
  source.catch((err: Error) => parser.destroy(err));
  let rows = 0;
  let cells = 0;
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      cells += record.length;
      if (options.maxCells !== undefined && cells > options.maxCells) throw tooManyCells('CSV file', options.maxCells);
      yield record;
      if (++rows === options.maxRows) break;
      if (rows % 1000 === 0) options.signal?.throwIfAborted();
    }
  } catch (err) {
    if (err instanceof PermanentJobError || options.signal?.aborted) throw err;
    throw new DocumentReadError('damaged', `The CSV file could not be read: ${(err as Error).message}`);
  } finally {
    parser.destroy();
  }
}

export function tooManyCells(what: string, maxCells: number): DocumentReadError {
  return new DocumentReadError(
    'too_many_cells',
    `This ${what} has more than ${maxCells.toLocaleString('en-US')} cells, the most one file may have here, so it was not read. Split it into smaller files.`,
    { max: maxCells },
  );
}

/** Rows of a CSV file, at most `maxRows` (the table view). */
export async function readCsv(filePath: string, maxRows?: number): Promise<string[][]> {
  const rows: string[][] = [];
  for await (const row of csvRows(filePath, { maxRows })) rows.push(row);
  return rows;
}

export async function extractCsv(filePath: string, options: ExtractOptions = {}): Promise<Extraction> {
  const { maxCells } = options.limits ?? DEFAULT_LIMITS;
  const units: Unit[] = [];
  let header = '';
  let block: string[] = [];
  let rows = 0;
  const flush = () => {
    const start = rows - block.length;
    const body = (start > 0 ? [header, ...block] : block).join('\n');
    if (body.trim()) units.push({ page: null, location: `rows ${start + 1}–${rows}`, text: body });
    block = [];
  };
  for await (const record of csvRows(filePath, { maxCells, signal: options.signal })) {
    const line = rowLine(record as Scalar[]);
    if (rows === 0) header = line;
    block.push(line);
    rows++;
    if (block.length === ROWS_PER_UNIT) flush();
  }
  if (block.length) flush();
  return { units, pages: null, locationKind: 'rows', rows };
}
