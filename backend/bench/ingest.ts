/**
 * Ingest throughput: pages/s for the whole pipeline (type check, storage, extract, chunk, embed with the
 * local embedder, write chunks + HNSW/GIN indexes) over a generated corpus of PDF pages, next to plain
 * `pdftotext` on the same files in the same run. Also times each stage alone to show where time goes.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { chunkUnits } from '../src/documents/chunk.js';
import { extract } from '../src/documents/extract/index.js';
import { createDocument } from '../src/documents/service.js';
import { LocalEmbedder } from '../src/llm/local-embedder.js';
import { benchDeps, benchOwner, corpus, postgresUrl, progressBar, report, round, type Engine } from './support.js';

const run = promisify(execFile);
const FILES = Number(process.env.BENCH_INGEST_FILES ?? 8);
const PAGES_PER_FILE = Number(process.env.BENCH_INGEST_PAGES ?? 30);
const LINES_PER_PAGE = 44;

async function makeCorpus(dir: string): Promise<string[]> {
  const text = corpus(7, 8000);
  const files: string[] = [];
  const bar = progressBar('generating PDFs', FILES);
  for (let f = 0; f < FILES; f++) {
    const pdf = await PDFDocument.create();
    const font = await pdf.embedFont(StandardFonts.Helvetica);
    for (let p = 0; p < PAGES_PER_FILE; p++) {
      const page = pdf.addPage([612, 792]);
      for (let l = 0; l < LINES_PER_PAGE; l++) page.drawText(text.sentence(11).slice(0, 95), { x: 40, y: 760 - l * 16.5, size: 10, font });
    }
    const file = path.join(dir, `report-${f + 1}.pdf`);
    fs.writeFileSync(file, await pdf.save());
    files.push(file);
    bar.increment();
  }
  bar.stop();
  return files;
}

async function pdftotextBaseline(files: string[]): Promise<number> {
  await run('pdftotext', ['-q', files[0], '-']); // warm the binary and page cache
  const t0 = performance.now();
  for (const f of files) await run('pdftotext', ['-q', '-enc', 'UTF-8', f, '-'], { maxBuffer: 64 * 1024 * 1024 });
  return (performance.now() - t0) / 1000;
}

async function pipeline(engine: Engine, files: string[], pages: number): Promise<{ seconds: number; chunks: number }> {
  const { deps, close } = await benchDeps(engine);
  try {
    const owner = await benchOwner(deps);
    // Uploads are already on local disk when the request ends: copy outside the timed section.
    fs.mkdirSync(deps.storage.tempDir, { recursive: true });
    const received = files.map((file, i) => {
      const tempPath = path.join(deps.storage.tempDir, `bench-${i}`);
      fs.copyFileSync(file, tempPath);
      const bytes = fs.readFileSync(file);
      return { tempPath, filename: path.basename(file), bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') };
    });
    const bar = progressBar(`pipeline (${engine})`, pages);
    const poll = setInterval(async () => {
      const rows = await deps.knex('documents').where({ status: 'ready' }).sum<{ n: number }[]>('pages as n').catch(() => [{ n: 0 }]);
      bar.update(Number(rows[0]?.n ?? 0));
    }, 500);
    const t0 = performance.now();
    for (const file of received) await createDocument(deps, { ...owner, file });
    await deps.queue.idle();
    const seconds = (performance.now() - t0) / 1000;
    clearInterval(poll);
    bar.update(pages);
    bar.stop();
    const failed = await deps.knex('documents').whereNot({ status: 'ready' });
    if (failed.length) throw new Error(`documents not ready: ${failed.map((d) => `${d.filename}: ${d.error}`).join('; ')}`);
    const [{ n }] = await deps.knex('chunks').count<{ n: number }[]>('* as n');
    return { seconds, chunks: Number(n) };
  } finally {
    await close();
  }
}

/** Each stage alone, in this process, to show where the pipeline's time goes. */
async function stages(files: string[]) {
  let t0 = performance.now();
  const extractions = await Promise.all(files.map((f) => extract('pdf', f, 'auto')));
  const extractSeconds = (performance.now() - t0) / 1000;
  t0 = performance.now();
  const drafts = extractions.flatMap((e) => chunkUnits(e.units));
  const chunkSeconds = (performance.now() - t0) / 1000;
  const embedder = new LocalEmbedder('local-hash-v1', 384);
  t0 = performance.now();
  await embedder.embed(drafts.map((d) => d.text));
  const embedSeconds = (performance.now() - t0) / 1000;
  return { extractSeconds, chunkSeconds, embedSeconds, chunks: drafts.length };
}

export async function benchIngest(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'intellio-bench-pdf-'));
  try {
    const files = await makeCorpus(dir);
    const pages = FILES * PAGES_PER_FILE;
    const baselineSeconds = await pdftotextBaseline(files);
    const baselinePps = pages / baselineSeconds;
    const stage = await stages(files);
    const engines: Engine[] = ['pglite'];
    if (await postgresUrl()) engines.push('postgres');
    const runs: Array<{ engine: Engine; seconds: number; pagesPerSecond: number; ratio: number; chunks: number }> = [];
    for (const engine of engines) {
      const r = await pipeline(engine, files, pages);
      const pps = pages / r.seconds;
      runs.push({ engine, seconds: round(r.seconds, 3), pagesPerSecond: round(pps, 1), ratio: round(pps / baselinePps, 2), chunks: r.chunks });
    }
    const rows = [
      { what: 'pdftotext (sequential, whole files)', pages, seconds: round(baselineSeconds, 3), 'pages/s': round(baselinePps, 1), 'vs pdftotext': 1 },
      ...runs.map((r) => ({ what: `Intellio pipeline on ${r.engine}`, pages, seconds: r.seconds, 'pages/s': r.pagesPerSecond, 'vs pdftotext': r.ratio })),
      { what: 'stage: extract (pdftotext ranges, parallel)', pages, seconds: round(stage.extractSeconds, 3), 'pages/s': round(pages / stage.extractSeconds, 1), 'vs pdftotext': round(pages / stage.extractSeconds / baselinePps, 2) },
      { what: 'stage: chunk', pages, seconds: round(stage.chunkSeconds, 3), 'pages/s': round(pages / stage.chunkSeconds, 1), 'vs pdftotext': '' },
      { what: `stage: embed local (${stage.chunks} chunks)`, pages, seconds: round(stage.embedSeconds, 3), 'pages/s': round(pages / stage.embedSeconds, 1), 'vs pdftotext': '' },
    ];
    report('ingest', {
      corpus: { files: FILES, pagesPerFile: PAGES_PER_FILE, pages, linesPerPage: LINES_PER_PAGE },
      pdftotext: { seconds: round(baselineSeconds, 3), pagesPerSecond: round(baselinePps, 1) },
      pipeline: runs,
      stages: { extractSeconds: round(stage.extractSeconds, 3), chunkSeconds: round(stage.chunkSeconds, 3), embedSeconds: round(stage.embedSeconds, 3), chunks: stage.chunks },
      target: { ratio: 0.5, met: runs.every((r) => r.ratio >= 0.5) },
    }, rows);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
