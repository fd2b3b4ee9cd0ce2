/**
 * Text for scanned PDF pages. A page with a picture on it and (almost) no text layer, or a picture covering
 * it under a stamp's worth of text (a Bates number), is a scan: it is
 * rendered in grey at 300 dpi by poppler's `pdftoppm` and read by Tesseract (Debian `tesseract-ocr`),
 * one page per core, each Tesseract on one thread (OMP_THREAD_LIMIT, set for the helper that starts the
 * tools). `npm run bench -- ocr` on two cores, 20 scanned pages of 40 lines of prose: 0.6 pages/s, 99% of
 * the words read back; with two OpenMP threads per Tesseract, pages went at 0.14–0.18 pages/s.
 *
 * Pages with a text layer are never rendered, so a born-digital PDF costs one `pdfimages -list` here.
 * Korean, Japanese and Chinese pages are read line by line after a separate orientation pass (blockScript).
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { runFile, toolInstalled } from '../../lib/subprocess.js';
import { mapLimit } from '../../queue/async.js';
import { DocumentReadError } from '../failure.js';

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
/**
 * Up to this many, beside a picture covering most of the page (FULL_PAGE), the text layer is a stamp laid
 * over a scan — a Bates number, "Confidential", a received-on date — and the page is read by OCR too. A
 * page of prose holds 2,000–4,000 characters; a born-digital chart with its caption covers less of the page.
 */
const STAMP_MAX_CHARS = 200;
const FULL_PAGE = 0.75;
/** Smaller pictures are logos and rules, not scanned pages. */
const MIN_IMAGE_PIXELS = 300 * 300;
/** Pages this close together are listed by one `pdfimages` run (each run costs a start and a parse). */
const RUN_GAP = 3;
const DPI = 300;

/** Whether `tesseract` runs here (checked once). */
export const hasTesseract = (): Promise<boolean> => toolInstalled('tesseract', ['--version']);

/**
 * Pages (1-based) that look scanned: a large picture and too little text, or a picture covering most of
 * the page under a stamp's worth of text. Only pages short of text are looked at, a few pages per
 * `pdfimages` run, so a born-digital report with a title page costs one short run, not a listing of
 * every page (300 pages: 170 ms, most of pdftotext's own time).
 */
export async function scannedPages(filePath: string, texts: string[], signal?: AbortSignal): Promise<number[]> {
  const chars = texts.map((t) => t.replace(/\s+/g, '').length);
  const candidates = chars.flatMap((n, i) => (n < STAMP_MAX_CHARS ? [i + 1] : []));
  if (!candidates.length) return [];
  const pictures = new Map<number, { largest: number; inches2: number }>();
  const listings = await mapLimit(runsOf(candidates, RUN_GAP), Math.max(1, os.availableParallelism()), ([first, last]) =>
    runFile('pdfimages', ['-list', '-f', String(first), '-l', String(last), filePath], { signal, maxBuffer: 64 * 1024 * 1024 }),
  );
  for (const { stdout } of listings) {
    // page num type width height color comp bpc enc interp object ID x-ppi y-ppi size ratio, after two header lines
    for (const line of stdout.split('\n').slice(2)) {
      const cols = line.trim().split(/\s+/);
      const [page, width, height, xPpi, yPpi] = [cols[0], cols[3], cols[4], cols[12], cols[13]].map(Number);
      if (cols[2] !== 'image' || !page) continue;
      const seen = pictures.get(page) ?? { largest: 0, inches2: 0 };
      seen.largest = Math.max(seen.largest, width * height);
      if (xPpi > 0 && yPpi > 0) seen.inches2 += (width / xPpi) * (height / yPpi);
      pictures.set(page, seen);
    }
  }
  const pictured = candidates.filter((p) => (pictures.get(p)?.largest ?? 0) >= MIN_IMAGE_PIXELS);
  const stamped = pictured.filter((p) => chars[p - 1] >= MIN_TEXT_CHARS);
  const areas = stamped.length ? await pageAreas(filePath, stamped, signal) : new Map<number, number>();
  return pictured.filter((p) => {
    if (chars[p - 1] < MIN_TEXT_CHARS) return true;
    const area = areas.get(p);
    return area !== undefined && (pictures.get(p)?.inches2 ?? 0) * 72 * 72 >= FULL_PAGE * area;
  });
}

/** Ascending pages as [first, last] runs, neighbours at most `gap` apart in one run. */
export function runsOf(pages: number[], gap: number): Array<[number, number]> {
  const runs: Array<[number, number]> = [];
  for (const p of pages) {
    const last = runs.at(-1);
    if (last && p - last[1] <= gap) last[1] = p;
    else runs.push([p, p]);
  }
  return runs;
}

/** Each page's area in square points, from `pdfinfo` (pages between the first and last asked). */
async function pageAreas(filePath: string, pages: number[], signal?: AbortSignal): Promise<Map<number, number>> {
  const { stdout } = await runFile('pdfinfo', ['-f', String(pages[0]), '-l', String(pages[pages.length - 1]), filePath], { signal });
  const areas = new Map<number, number>();
  for (const m of stdout.matchAll(/^Page\s+(\d+) size:\s+([\d.]+) x ([\d.]+) pts/gm)) areas.set(Number(m[1]), Number(m[2]) * Number(m[3]));
  return areas;
}

/** Each page's recognised text, in `pages` order; progress after each page. */
export async function recognisePages(
  filePath: string,
  pages: number[],
  settings: OcrSettings,
  options: { signal?: AbortSignal; onPage?: (done: number) => Promise<void> | void } = {},
): Promise<string[]> {
  if (pages.length > settings.maxPages) {
    throw new DocumentReadError(
      'ocr_page_limit',
      `This PDF has ${pages.length} scanned pages, and this server reads at most ${settings.maxPages} per file. Split it into smaller files and upload those.`,
      { pages: pages.length, max: settings.maxPages },
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
    if (blockScript(settings.languages)) {
      await turnUpright(`${image}.pgm`, signal);
      return (await runFile('tesseract', [`${image}.pgm`, 'stdout', '-l', settings.languages, '--psm', '4'], { signal })).stdout;
    }
    // --psm 1: page segmentation after orientation detection, so a page scanned upside down or sideways
    // reads as well as an upright one (with the default, not a word of it did), for ~15% more time.
    return (await runFile('tesseract', [`${image}.pgm`, 'stdout', '-l', settings.languages, '--psm', '1'], { signal })).stdout;
  } catch (err) {
    const stderr = String((err as { stderr?: string }).stderr ?? '');
    if (!signal.aborted && /Failed loading language|Error opening data file/i.test(stderr)) {
      throw new DocumentReadError(
        'ocr_language_missing',
        `Text recognition is set up for "${settings.languages}", but a language pack is missing on this server (or "osd", which finds a page's orientation). An administrator can install it or change OCR_LANGUAGES.`,
        { languages: settings.languages },
      );
    }
    throw err;
  } finally {
    await fs.rm(`${image}.pgm`, { force: true });
  }
}

/**
 * Korean, Japanese and Chinese pages go through a different path. Tesseract 5.3's automatic layout
 * analysis (--psm 1 and 3) cut Hangul lines into fragments ("Detected 73 diacritics": the parts of each
 * syllable taken apart): a clean 150 dpi scan of three Korean lines read back as "이백 개를 보관합니다. /
 * 전 / 레트 사", two of its three lines lost, while --psm 4 (one column of lines) read every word. A page in
 * columns is then read across them. Orientation comes from a separate detection pass (--psm 0), and the
 * picture is turned before it is read.
 */
export function blockScript(languages: string): boolean {
  return languages.split('+').some((l) => /^(kor|jpn|chi_sim|chi_tra)(_vert)?$/.test(l));
}

/** OSD's confidence below this is a guess (a page of little text); the page is then read as it is. */
const MIN_OSD_CONFIDENCE = 2;

/** Turns a page scanned sideways or upside down upright, as Tesseract's orientation detection says. */
async function turnUpright(pgmPath: string, signal: AbortSignal): Promise<void> {
  let stdout: string;
  try {
    ({ stdout } = await runFile('tesseract', [pgmPath, 'stdout', '--psm', '0'], { signal }));
  } catch (err) {
    // "Too few characters" and the like: nothing to turn by. A missing osd pack is reported as such.
    if (/Failed loading language|Error opening data file/i.test(String((err as { stderr?: string }).stderr ?? ''))) throw err;
    return;
  }
  const clockwise = Number(/^Rotate: (\d+)/m.exec(stdout)?.[1] ?? 0);
  const confidence = Number(/^Orientation confidence: ([\d.]+)/m.exec(stdout)?.[1] ?? 0);
  if (!clockwise || confidence < MIN_OSD_CONFIDENCE) return;
  await fs.writeFile(pgmPath, rotatePgm(await fs.readFile(pgmPath), clockwise));
}

/** A binary greyscale PGM (P5, 8-bit, as pdftoppm writes it) turned clockwise by 90, 180 or 270 degrees. */
export function rotatePgm(pgm: Buffer, clockwise: number): Buffer {
  const header = /^P5\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(pgm.toString('latin1', 0, 64));
  if (!header || Number(header[3]) > 255) throw new Error('not an 8-bit binary PGM');
  const [w, h] = [Number(header[1]), Number(header[2])];
  const px = pgm.subarray(header[0].length, header[0].length + w * h);
  const out = Buffer.alloc(w * h);
  const turns = ((clockwise / 90) % 4 + 4) % 4;
  if (turns === 0) return pgm;
  if (turns === 2) {
    for (let i = 0; i < px.length; i++) out[px.length - 1 - i] = px[i];
    return Buffer.concat([Buffer.from(`P5\n${w} ${h}\n255\n`), out]);
  }
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      // 90° clockwise: (x, y) → (h-1-y, x) in a picture h wide; 270°: (y, w-1-x).
      out[turns === 1 ? x * h + (h - 1 - y) : (w - 1 - x) * h + y] = px[y * w + x];
    }
  }
  return Buffer.concat([Buffer.from(`P5\n${h} ${w}\n255\n`), out]);
}
