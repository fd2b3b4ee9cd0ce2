/**
 * An ingest worker thread: reads one file at a time (extract → normalise → chunk → embed with the local
 * embedder) and hands all its chunks back at once in flat, transferred buffers (protocol.ts PackedChunks),
 * so it is free for the next file while the main thread writes rows. All of that CPU work happens here,
 * never on the web server's event loop.
 */
import { parentPort } from 'node:worker_threads';
import { chunkUnits, type ChunkDraft } from '../documents/chunk.js';
import { copyOf } from '../documents/copies.js';
import { extract } from '../documents/extract/index.js';
import { DocumentReadError } from '../documents/failure.js';
import { LocalEmbedder } from '../llm/local-embedder.js';
import { PermanentJobError } from '../queue/runner.js';
import { PACKED_FIELDS as FIELDS, type FromWorker, type IngestRequest, type IngestSummary, type PackedChunks, type ToWorker } from './protocol.js';

const EMBED_BATCH = 512;

const port = parentPort;
if (!port) throw new Error('ingest/worker.ts runs as a worker thread');
const send = (message: FromWorker, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer);

async function run(request: IngestRequest): Promise<{ summary: IngestSummary; chunks: PackedChunks }> {
  const extraction = await extract(request.kind, request.filePath, request.pdfEngine, {
    ocr: request.ocr,
    limits: request.limits,
    onProgress: (f) => send({ type: 'progress', percent: f * 40 }),
  });
  const drafts = chunkUnits(extraction.units);
  // The units are not needed past chunking: let them go before the embedding and packing peak.
  const units = extraction.units.length;
  extraction.units = [];
  const copies = copyOf(drafts);
  send({ type: 'progress', percent: 40 });
  let vectors: Float32Array | null = null;
  if (request.embed && drafts.length) {
    // A text that repeats an earlier one is embedded once and gets the very same vector.
    const { model, dim } = request.embed;
    const embedder = new LocalEmbedder(model, dim);
    vectors = new Float32Array(drafts.length * dim);
    const unique = drafts.map((_, i) => i).filter((i) => copies[i] === null);
    for (let b = 0; b < unique.length; b += EMBED_BATCH) {
      const ordinals = unique.slice(b, b + EMBED_BATCH);
      const result = await embedder.embed(ordinals.map((i) => drafts[i].text));
      ordinals.forEach((i, k) => (vectors as Float32Array).set(result.vectors[k], i * dim));
      send({ type: 'progress', percent: 40 + (40 * (b + ordinals.length)) / unique.length });
    }
    for (let i = 0; i < drafts.length; i++) {
      const first = copies[i];
      if (first !== null) vectors.copyWithin(i * dim, first * dim, (first + 1) * dim);
    }
  }
  return {
    summary: {
      pages: extraction.pages,
      locationKind: extraction.locationKind,
      scannedPages: extraction.scannedPages,
      ocrPages: extraction.ocrPages,
      rows: extraction.rows,
      units,
      chunks: drafts.length,
    },
    chunks: pack(drafts, copies, vectors),
  };
}

function pack(drafts: ChunkDraft[], copies: Array<number | null>, vectors: Float32Array | null): PackedChunks {
  // Encoded straight into the one buffer (sized first): a copy per chunk would double the text in memory at
  // the worker's peak, which counts in the web process's memory (issue 26: ≤ 1 GB while a 45 MB CSV ingests).
  const encoder = new TextEncoder();
  let size = 0;
  for (const d of drafts) size += Buffer.byteLength(d.text, 'utf8');
  const text = new Uint8Array(size);
  const textEnds = new Int32Array(drafts.length);
  const locations: string[] = [];
  const locationIndex = new Map<string, number>();
  const location = new Int32Array(drafts.length);
  const fields = new Int32Array(drafts.length * FIELDS);
  let at = 0;
  drafts.forEach((d, i) => {
    at += encoder.encodeInto(d.text, text.subarray(at)).written;
    textEnds[i] = at;
    let l = locationIndex.get(d.location);
    if (l === undefined) {
      l = locations.push(d.location) - 1;
      locationIndex.set(d.location, l);
    }
    location[i] = l;
    fields.set([d.page ?? -1, d.charStart, d.charEnd, d.tokenCount, copies[i] ?? -1], i * FIELDS);
  });
  return { text, textEnds, locations, location, fields, vectors };
}

port.on('message', (message: ToWorker) => {
  run(message.request).then(
    ({ summary, chunks }) => {
      const transfer = [chunks.text.buffer, chunks.textEnds.buffer, chunks.location.buffer, chunks.fields.buffer, ...(chunks.vectors ? [chunks.vectors.buffer] : [])];
      send({ type: 'done', summary, chunks }, transfer as ArrayBuffer[]);
    },
    (err: unknown) => send({
      type: 'failed',
      message: err instanceof Error ? err.message : String(err),
      permanent: err instanceof PermanentJobError,
      failure: err instanceof DocumentReadError ? { code: err.code, params: err.params } : undefined,
    }),
  );
});
