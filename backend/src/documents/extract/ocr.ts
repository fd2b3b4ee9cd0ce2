/**
 * Text for scanned PDF pages. A page with a picture on it and (almost) no text layer is a scan: it is
 * rendered in grey at 300 dpi by poppler's `pdftoppm` and read by Tesseract (Debian `tesseract-ocr`),
 * one page per core, each Tesseract on one thread (OMP_THREAD_LIMIT, set for the helper that starts the
 * tools). `npm run bench -- ocr` on two cores, 20 scanned pages of 40 lines of prose: 0.6 pages/s, 99% of
 * the words read back; with two OpenMP threads per Tesseract, pages went at 0.14–0.18 pages/s.
 *
 * Pages with a text layer are never rendered, so a born-digital PDF costs one `pdfimages -list` here.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { runFile, toolInstalled } from '../../lib/subprocess.js';
import { mapLimit } from '../../queue/async.js';
import { PermanentJobError } from '../../queue/runner.js';

export interface OcrSettings {
  /** Off: scanned pages stay empty, and a file of nothing else fails saying why. */
  enabled: boolean;
  /** Tesseract languages, as for `-l` ("eng", "eng+deu"); each needs its tesseract-ocr-<lang> package. */
  languages: string;
  /** Most scanned pages one file may have read (a 300-page scan takes minutes on two cores). */
  maxPages: number;
}

/** Below this many non-space characters a page has no real text layer (a scanner's page number or stamp). */
const MIN_TEXT_CHARS = 20;
/** Smaller pictures are logos and rules, not scanned pages. */
const MIN_IMAGE_PIXELS = 300 * 300;
const DPI = 300;

/** Whether `tesseract` runs here (checked once). */
export const hasTesseract = (): Promise<boolean> => toolInstalled('tesseract', ['--version']);

/** Pages (1-based) that look scanned: a large picture and too little text. */
export async function scannedPages(filePath: string, texts: string[], signal?: AbortSignal): Promise<number[]> {
  const textless = texts.flatMap((t, i) => (t.replace(/\s+/g, '').length < MIN_TEXT_CHARS ? [i + 1] : []));
  if (!textless.length) return [];
  // Only the pages between the first and last textless one: a long report with one blank page lists little.
  const range = ['-f', String(textless[0]), '-l', String(textless[textless.length - 1])];
  const { stdout } = await runFile('pdfimages', ['-list', ...range, filePath], { signal, maxBuffer: 64 * 1024 * 1024 });
  const pictured = new Set<number>();
  // page num type width height …, after two header lines
  for (const line of stdout.split('\n').slice(2)) {
    const [page, , type, width, height] = line.trim().split(/\s+/);
    if (type === 'image' && Number(width) * Number(height) >= MIN_IMAGE_PIXELS) pictured.add(Number(page));
  }
  return textless.filter((p) => pictured.has(p));
}

/** Each page's recognised text, in `pages` order; progress after each page. */
export async function recognisePages(
  filePath: string,
  pages: number[],
  settings: OcrSettings,
  options: { signal?: AbortSignal; onPage?: (done: number) => Promise<void> | void } = {},
): Promise<string[]> {
  if (pages.length > settings.maxPages) {
    throw new PermanentJobError(
      `This PDF has ${pages.length} scanned pages, and this server reads at most ${settings.maxPages} per file. Split it into smaller files and upload those.`,
    );
  }
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'intellio-ocr-'));
  // The first failure stops the pages still running and keeps the others from starting.
  const stop = new AbortController();
  const signal = options.signal ? AbortSignal.any([options.signal, stop.signal]) : stop.signal;
  let done = 0;
  try {
    return await mapLimit(pages, Math.max(1, os.availableParallelism()), async (page) => {
      signal.throwIfAborted();
      try {
        const text = await recognise(filePath, page, dir, settings, signal);
        done++;
        await options.onPage?.(done);
        return text;
      } catch (err) {
        if (!stop.signal.aborted) stop.abort(err);
        throw err;
      }
    });
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

async function recognise(filePath: string, page: number, dir: string, settings: OcrSettings, signal: AbortSignal): Promise<string> {
  const image = path.join(dir, `p${page}`);
  // Uncompressed PGM: writing a PNG of a 300 dpi page took 1.2 s, seven times the rendering itself.
  await runFile('pdftoppm', ['-r', String(DPI), '-gray', '-f', String(page), '-l', String(page), '-singlefile', filePath, image], { signal });
  try {
    // --psm 1: page segmentation after orientation detection, so a page scanned upside down or sideways
    // reads as well as an upright one (with the default, not a word of it did), for ~15% more time.
    return (await runFile('tesseract', [`${image}.pgm`, 'stdout', '-l', settings.languages, '--psm', '1'], { signal })).stdout;
  } catch (err) {
    const stderr = String((err as { stderr?: string }).stderr ?? '');
    if (!signal.aborted && /Failed loading language|Error opening data file/i.test(stderr)) {
      throw new PermanentJobError(`Text recognition is set up for "${settings.languages}", but a language pack is missing on this server (or "osd", which finds a page's orientation). An administrator can install it or change OCR_LANGUAGES.`);
    }
    throw err;
  } finally {
    await fs.rm(`${image}.pgm`, { force: true });
  }
}
