/**
 * OCR of scanned PDF pages (`npm run bench -- ocr`): pages/s through pdftoppm + Tesseract as ingest runs
 * them (one page per core), and how well the words come back. The scans are pages of real prose set in
 * Helvetica 11 pt and rasterised at 150 dpi in grey, as an office scanner's default makes them.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { hasTesseract } from '../src/documents/extract/ocr.js';
import { extractPdf } from '../src/documents/extract/pdf.js';
import { makeScannedPdf } from '../test/documents.js';
import { proseLines } from './prose.js';
import { progressBar, report, round } from './support.js';

const PAGES = Number(process.env.BENCH_OCR_PAGES ?? 20);
const LINES_PER_PAGE = 40;

const wordsOf = (text: string) => text.toLowerCase().match(/[a-z0-9]+/g) ?? [];

/** Share of the page's words that OCR gave back (as a multiset), and of its lines read exactly. */
function accuracy(lines: string[], read: string): { words: number; lines: number } {
  const got = new Map<string, number>();
  for (const w of wordsOf(read)) got.set(w, (got.get(w) ?? 0) + 1);
  let total = 0;
  let found = 0;
  for (const w of wordsOf(lines.join(' '))) {
    total++;
    const n = got.get(w) ?? 0;
    if (n > 0) {
      found++;
      got.set(w, n - 1);
    }
  }
  const readLines = new Set(read.split('\n').map((l) => l.trim()));
  return { words: total ? found / total : 1, lines: lines.filter((l) => readLines.has(l.trim())).length / lines.length };
}

export async function benchOcr(): Promise<void> {
  if (!(await hasTesseract())) {
    console.error('tesseract is not installed (apt-get install tesseract-ocr): nothing to measure');
    return;
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'intellio-bench-ocr-'));
  try {
    const line = proseLines(90, 2000);
    const all = Array.from({ length: PAGES * LINES_PER_PAGE }, line);
    const pages = Array.from({ length: PAGES }, (_, i) => all.slice(i * LINES_PER_PAGE, (i + 1) * LINES_PER_PAGE));
    const file = path.join(dir, 'scan.pdf');
    console.error(`scanning ${PAGES} pages of prose at 150 dpi…`);
    fs.writeFileSync(file, await makeScannedPdf(pages.map((scan) => ({ scan }))));

    const bar = progressBar(`OCR ×${PAGES} pages`, PAGES);
    const t0 = performance.now();
    const out = await extractPdf(file, 'auto', {
      ocr: { enabled: true, languages: 'eng', maxPages: PAGES },
      onProgress: (f) => bar.update(Math.round(f * PAGES)),
    });
    const seconds = (performance.now() - t0) / 1000;
    bar.stop();

    const scores = pages.map((lines, i) => accuracy(lines, out.units.find((u) => u.page === i + 1)?.text ?? ''));
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const result = {
      pages: PAGES,
      linesPerPage: LINES_PER_PAGE,
      cores: os.availableParallelism(),
      seconds: round(seconds, 2),
      pagesPerSecond: round(PAGES / seconds, 2),
      secondsPerPagePerCore: round((seconds * os.availableParallelism()) / PAGES, 2),
      ocrPages: out.ocrPages?.length ?? 0,
      wordRecall: { mean: round(mean(scores.map((s) => s.words)), 4), worstPage: round(Math.min(...scores.map((s) => s.words)), 4) },
      exactLines: round(mean(scores.map((s) => s.lines)), 4),
    };
    report('ocr', result, [
      { what: `OCR, ${PAGES} scanned pages (${LINES_PER_PAGE} lines of prose each, 150 dpi)`, seconds: result.seconds, 'pages/s': result.pagesPerSecond, 's/page/core': result.secondsPerPagePerCore },
      { what: 'words read back (mean / worst page)', seconds: '', 'pages/s': `${result.wordRecall.mean} / ${result.wordRecall.worstPage}`, 's/page/core': '' },
      { what: 'lines read exactly', seconds: '', 'pages/s': result.exactLines, 's/page/core': '' },
    ]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
