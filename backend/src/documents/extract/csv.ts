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
import { Cp949Decoder, Cp949Judge } from './cp949.js';
import { DEFAULT_LIMITS, type ExtractOptions, type Extraction, type Unit } from './types.js';

const ROWS_PER_UNIT = 50;

type Encoding = 'utf-8' | 'cp949' | 'windows-1252';

/**
 * UTF-8 when the whole file is valid UTF-8; otherwise CP949 when it reads as Korean text (Korean Excel's
 * plain CSV export), else Windows-1252 (the Western one), as decodeText.
 */
async function encodingOf(filePath: string): Promise<Encoding> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const judge = new Cp949Judge();
  let utf8 = true;
  for await (const chunk of createReadStream(filePath)) {
    if (utf8) {
      try {
        decoder.decode(chunk as Buffer, { stream: true });
      } catch (err) {
        if (!(err instanceof TypeError)) throw err;
        utf8 = false;
      }
    }
    judge.push(chunk as Buffer);
  }
  if (utf8) {
    try {
      decoder.decode();
      return 'utf-8';
    } catch (err) {
      if (!(err instanceof TypeError)) throw err;
    }
  }
  return judge.isCp949 ? 'cp949' : 'windows-1252';
}

async function* decoded(filePath: string, encoding: Encoding): AsyncGenerator<string> {
  const decoder = encoding === 'cp949' ? new Cp949Decoder() : new TextDecoder(encoding); // drops a UTF-8 BOM
  for await (const chunk of createReadStream(filePath, { highWaterMark: 256 * 1024 })) yield decoder.decode(chunk as Buffer, { stream: true });
  yield decoder.decode();
}

const DELIMITERS = [',', ';', '\t'] as const;
const SAMPLE_LINES = 50;

/**
 * The file's one delimiter, from its first lines: the candidate found the same number of times (outside
 * quotes) on every line, the most often; else the one on most lines. One per file, so a comma inside a
 * tab-separated note or a decimal comma in a semicolon file stays in its cell.
 */
export function delimiterOf(head: string): string {
  const counts: number[][] = [];
  let line = [0, 0, 0];
  let quoted = false;
  for (let i = 0; i < head.length && counts.length < SAMPLE_LINES; i++) {
    const c = head[i];
    if (c === '"') quoted = !quoted;
    else if (quoted) continue;
    else if (c === '\n' || c === '\r') {
      if (line.some((n) => n > 0)) counts.push(line);
      line = [0, 0, 0];
    } else {
      const d = DELIMITERS.indexOf(c as (typeof DELIMITERS)[number]);
      if (d >= 0) line[d]++;
    }
  }
  if (!quoted && line.some((n) => n > 0) && counts.length < SAMPLE_LINES) counts.push(line);
  if (!counts.length) return ',';
  const score = (d: number) => {
    const first = counts[0][d];
    const consistent = first > 0 && counts.every((l) => l[d] === first);
    return [consistent ? 1 : 0, consistent ? first : counts.filter((l) => l[d] > 0).length, counts.reduce((sum, l) => sum + l[d], 0)];
  };
  const better = (a: number[], b: number[]) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
  let best = 0;
  for (let d = 1; d < DELIMITERS.length; d++) if (better(score(d), score(best)) > 0) best = d;
  return DELIMITERS[best];
}

/**
 * Rows of a CSV file (`,`, `;` or tab separated, whichever the file uses), read as a stream. Stops after
 * `maxRows` rows; more than `maxCells` cells fail the file with a reason its owner can read.
 */
export async function* csvRows(filePath: string, options: { maxRows?: number; maxCells?: number; signal?: AbortSignal } = {}): AsyncGenerator<string[]> {
  const texts = decoded(filePath, await encodingOf(filePath));
  const first = await texts.next();
  const head = first.done ? '' : first.value;
  const parser = parse({
    delimiter: delimiterOf(head),
    // Any line ending, line by line: csv-parse would otherwise keep the first one it meets for the whole
    // file, leaving a "\r" in the last cell of later CRLF lines.
    record_delimiter: ['\r\n', '\n', '\r'],
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: true,
  });
  const source = (async () => {
    for (let next = first; !next.done; next = await texts.next()) {
      if (!parser.write(next.value)) await new Promise((resolve) => parser.once('drain', resolve));
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
