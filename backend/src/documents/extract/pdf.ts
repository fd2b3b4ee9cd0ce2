/**
 * PDF text per page with real page numbers. Poppler's `pdftotext` (Debian poppler-utils) is ~5× faster than
 * any JavaScript PDF parser here, so it runs when installed, on page ranges (each range's pages separated
 * by form feeds), started from lib/subprocess.ts's small helper process. Without poppler, unpdf (pdf.js)
 * does the same in-process. Encrypted and damaged files fail with a reason a user can act on.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import { runFile, toolInstalled } from '../../lib/subprocess.js';
import { mapLimit } from '../../queue/async.js';
import { PermanentJobError } from '../../queue/runner.js';
import { DocumentReadError } from '../failure.js';
import { hasTesseract, recognisePages, scannedPages } from './ocr.js';
import type { ExtractOptions, Extraction, Unit } from './types.js';

const PAGES_PER_RANGE = 100;
const MAX_BUFFER = 256 * 1024 * 1024;

export type PdfEngine = 'auto' | 'pdftotext' | 'pdfjs';

/** Whether `pdftotext` and `pdfinfo` run here (checked once). */
export const hasPoppler = (): Promise<boolean> => toolInstalled('pdfinfo', ['-v']);

/** Share of the extraction's progress bar for the text layer when scanned pages follow (OCR takes the rest). */
const TEXT_LAYER_SHARE = 0.1;

export async function extractPdf(filePath: string, engine: PdfEngine, options: ExtractOptions = {}): Promise<Extraction> {
  const usePoppler = engine === 'pdftotext' || (engine === 'auto' && (await hasPoppler()));
  const textProgress = { ...options, onProgress: (f: number) => options.onProgress?.(f * TEXT_LAYER_SHARE) };
  const texts = usePoppler ? await popplerPages(filePath, textProgress) : await pdfjsPages(filePath, textProgress);
  const scan = usePoppler ? await readScans(filePath, texts, options) : {}; // pdf.js: scans unknown
  await options.onProgress?.(1);
  const units: Unit[] = texts.map((text, i) => ({ page: i + 1, location: `page ${i + 1}`, text: tidy(text) }));
  return { units: units.filter((u) => u.text.trim()), pages: texts.length, locationKind: 'page', ...scan };
}

/**
 * Scanned pages get their text from OCR when it is on and Tesseract is installed (ocr.ts); `texts` is
 * filled in place. Says how many pages looked scanned and, when OCR ran, which of them it gave text for.
 */
async function readScans(filePath: string, texts: string[], options: ExtractOptions): Promise<{ scannedPages: number; ocrPages?: number[] }> {
  const pages = await scannedPages(filePath, texts, options.signal).catch((err: unknown) => {
    throw pdfError(err, options.signal);
  });
  if (!pages.length || !options.ocr?.enabled || !(await hasTesseract())) return { scannedPages: pages.length };
  const read = await recognisePages(filePath, pages, options.ocr, {
    signal: options.signal,
    onPage: (done) => options.onProgress?.(TEXT_LAYER_SHARE + ((1 - TEXT_LAYER_SHARE) * done) / pages.length),
  });
  pages.forEach((page, i) => {
    // A scan's stray text layer (a stamped page number) is kept before what was read.
    texts[page - 1] = `${texts[page - 1].trim() ? `${texts[page - 1].trim()}\n` : ''}${read[i]}`;
  });
  return { scannedPages: pages.length, ocrPages: pages.filter((_, i) => read[i].trim()) };
}

/** Joins words hyphenated across lines and drops trailing spaces; keeps line breaks for offsets. */
function tidy(text: string): string {
  return text.replace(/[ \t]+\n/g, '\n').replace(/(\p{L})-\n(\p{Ll})/gu, '$1$2');
}

async function pdfInfo(filePath: string, signal?: AbortSignal): Promise<{ pages: number }> {
  try {
    const { stdout } = await runFile('pdfinfo', [filePath], { signal, maxBuffer: 1024 * 1024 });
    const pages = Number(/^Pages:\s+(\d+)/m.exec(stdout)?.[1] ?? 0);
    if (!pages) throw noPages();
    return { pages };
  } catch (err) {
    throw pdfError(err, signal);
  }
}

function pdfError(err: unknown, signal?: AbortSignal): Error {
  if (signal?.aborted) return signal.reason as Error;
  if (err instanceof PermanentJobError) return err;
  const stderr = String((err as { stderr?: string }).stderr ?? (err as Error).message ?? '');
  if (/incorrect password|encrypt/i.test(stderr)) {
    return new DocumentReadError('pdf_encrypted', 'The PDF is password-protected. Remove the password (print or save it unprotected) and upload it again.');
  }
  if ((err as NodeJS.ErrnoException).code === 'ENOENT') return err as Error;
  const detail = stderr.split('\n').filter((l) => l.trim()).pop()?.slice(0, 200) ?? 'unknown error';
  return new DocumentReadError('damaged', `The PDF is damaged and could not be read (${detail.trim()}).`);
}

const noPages = () => new DocumentReadError('pdf_no_pages', 'The PDF has no pages, or its page tree is damaged.');

/**
 * The first range is read without asking for the page count: most documents fit in it, so one process
 * does the whole job. A longer document gets `pdfinfo` for its page count and the remaining ranges in
 * parallel (one per core), with progress after each.
 */
async function popplerPages(filePath: string, options: ExtractOptions): Promise<string[]> {
  const first = await popplerRange(filePath, 1, PAGES_PER_RANGE, options.signal);
  if (first.length < PAGES_PER_RANGE) {
    if (!first.length) throw noPages();
    return first;
  }
  const { pages } = await pdfInfo(filePath, options.signal);
  const ranges: Array<[number, number]> = [];
  for (let start = PAGES_PER_RANGE + 1; start <= pages; start += PAGES_PER_RANGE) ranges.push([start, Math.min(pages, start + PAGES_PER_RANGE - 1)]);
  let done = first.length;
  await options.onProgress?.(done / pages);
  const rest = await mapLimit(ranges, Math.max(1, os.availableParallelism()), async ([from, to]) => {
    const texts = await popplerRange(filePath, from, to, options.signal);
    while (texts.length < to - from + 1) texts.push('');
    done += texts.length;
    await options.onProgress?.(done / pages);
    return texts;
  });
  return [...first, ...rest.flat()];
}

/** Pages `from`–`to` (clamped to the document's end by pdftotext); each page's text ends with a form feed. */
async function popplerRange(filePath: string, from: number, to: number, signal?: AbortSignal): Promise<string[]> {
  try {
    const { stdout } = await runFile('pdftotext', ['-f', String(from), '-l', String(to), '-enc', 'UTF-8', filePath, '-'], { signal, maxBuffer: MAX_BUFFER });
    const pieces = stdout.split('\f');
    pieces.pop(); // after the last form feed
    return pieces;
  } catch (err) {
    throw pdfError(err, signal);
  }
}

async function pdfjsPages(filePath: string, options: ExtractOptions): Promise<string[]> {
  const { extractText, getDocumentProxy } = await import('unpdf');
  try {
    const pdf = await getDocumentProxy(new Uint8Array(await fs.readFile(filePath)));
    const { text } = await extractText(pdf, { mergePages: false });
    await options.onProgress?.(1);
    return text;
  } catch (err) {
    const name = (err as Error).name;
    if (name === 'PasswordException') throw pdfError(Object.assign(new Error('encrypted'), { stderr: 'Incorrect password' }));
    throw pdfError(err, options.signal);
  }
}
