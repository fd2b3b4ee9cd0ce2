/**
 * The processing job: extract per unit → chunk → embed → index, with progress 0–100 on the document and
 * a live event for every change. Extraction, chunking and local embedding run in the ingest pool's worker
 * threads (ingest/pool.ts); this thread embeds with a remote model and writes rows, in short batches.
 * Progress is split by cost: extraction 0–40, then local embedding 40–80 and writing 80–100, or remote
 * embedding and writing together 40–100. Every write transaction first checks the job is still running,
 * so a cancel or delete that wins the race stops it, and what was written is removed.
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { Knex } from 'knex';
import { copyRows, type CopyColumn } from '../db/copy.js';
import type { Deps } from '../deps.js';
import type { EmbedOptions } from '../llm/embedder.js';
import { ingestPool, type ChunkBatch, type IngestSummary, type IngestTask } from '../ingest/pool.js';
import { LocalEmbedder } from '../llm/local-embedder.js';
import { EmbeddingError } from '../llm/openai-embedder.js';
import { embeddingPages } from '../monitoring/metrics.js';
import { Job } from '../queue/model.js';
import { JobCancelledError, PermanentJobError, type JobContext, type JobDefinition } from '../queue/runner.js';
import { ensureVectorIndex } from '../retrieval/vectors.js';
import type { ChunkDraft } from './chunk.js';
import { publishDocument } from './events.js';
import { DocumentReadError, failureColumns } from './failure.js';
import { WriteLanes } from './write-lanes.js';
import { fixedPace, timedPace, type WritePace } from './write-pace.js';
import { Document } from './model.js';
import { PROCESS_DOCUMENT } from './service.js';

interface Payload {
  jobId: string;
  documentId: string;
  [key: string]: string | number | boolean | null;
}

const EMBED_BATCH = 512;

export const processDocumentJob: JobDefinition<Payload> = {
  name: PROCESS_DOCUMENT,

  async perform(deps, payload, ctx) {
    // One statement on the common path: start the document if it is still this job's and its owner may
    // spend tokens (a job queued before its owner was disabled must not).
    const [doc] = await Document.query(deps.knex)
      .patch({ status: 'processing', progress: 0, error: null })
      .where({ id: payload.documentId, jobId: payload.jobId })
      .whereNotExists(deps.knex('users').where('users.id', deps.knex.ref('documents.user_id')).where('users.disabled', true).select(deps.knex.raw('1')))
      .returning('*');
    if (!doc) {
      const current = await Document.query(deps.knex).findById(payload.documentId);
      if (!current || current.jobId !== payload.jobId) return; // deleted, or superseded by a newer job
      throw new DocumentReadError('account_disabled', 'The account is disabled, so this file was not processed.');
    }
    await publishDocument(deps, doc);

    const copy = await deps.storage.localCopy(doc.storageKey).catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') throw new DocumentReadError('file_missing', 'The uploaded file is missing from storage. Delete the document and upload it again.');
      throw err;
    });
    // Read, chunked and (local embedder) embedded in a worker thread: this thread only writes rows.
    const local = deps.embedder instanceof LocalEmbedder ? { model: deps.embedder.model, dim: await deps.embedder.dim() } : undefined;
    let task: IngestTask;
    try {
      task = await ingestPool(deps.config.ingest).read(
        { kind: doc.kind, filePath: copy.path, pdfEngine: deps.config.documents.pdfExtractor, ocr: deps.config.documents.ocr, limits: deps.config.ingest, embed: local },
        { signal: ctx.signal, onProgress: (p) => void ctx.progress(p).catch(() => {}) },
      );
    } finally {
      await copy.release();
    }
    ctx.checkpoint();
    const { summary } = task;
    if (!summary.chunks) throw noTextError(summary);
    await writeChunks(deps, doc, task, ctx, { ...summary, jobId: payload.jobId, embedHere: !local, dim: local?.dim });
    embeddingPages.inc(summary.pages ?? summary.units);
  },

  async onProgress(deps, payload, percent) {
    // Extraction and embedding are 0–90; the row reaches 100 only with status ready.
    const progress = Math.min(percent, 99);
    const [doc] = await Document.query(deps.knex).patch({ progress }).where({ id: payload.documentId, jobId: payload.jobId, status: 'processing' }).returning('*');
    if (doc) await publishDocument(deps, doc);
  },

  async onFailed(deps, payload, reason, error) {
    const [doc] = await Document.query(deps.knex).patch({ status: 'failed', error: reason, ...failureColumns(error) }).where({ id: payload.documentId, jobId: payload.jobId }).returning('*');
    if (doc) await publishDocument(deps, doc);
  },
};

/** Why a file gave no text, in words its owner can act on. */
function noTextError(extraction: Pick<IngestSummary, 'scannedPages' | 'ocrPages'>): DocumentReadError {
  if (extraction.scannedPages && extraction.ocrPages === undefined) {
    return new DocumentReadError('no_text_no_ocr', 'No text could be found in this file: its pages are scanned images, and text recognition (OCR) is not available on this server.');
  }
  if (extraction.scannedPages) return new DocumentReadError('no_text_ocr', 'No text could be found in this file, not even by text recognition (OCR) of its scanned pages. Check that the scan is legible.');
  if (extraction.scannedPages === 0) return new DocumentReadError('no_text_empty', 'No text could be found in this file: its pages hold neither text nor scanned images.');
  return new DocumentReadError('no_text', 'No text could be found in this file.');
}

/** Vectors from the configured (remote) embedder, for a batch of drafts; a repeated text reuses its first vector. */
async function embedBatchHere(deps: Deps, doc: Document, batch: ChunkBatch, from: number, known: Float32Array[], ctx: JobContext): Promise<Float32Array[]> {
  const unique = batch.drafts.filter((_, i) => batch.copies[i] === null).map((d) => d.text);
  const vectors: Float32Array[] = [];
  for (let i = 0; i < unique.length; i += EMBED_BATCH) {
    ctx.checkpoint();
    const result = await embedBatch(deps, unique.slice(i, i + EMBED_BATCH), {
      signal: ctx.signal,
      onCall: async (call) => {
        await deps.embeddingUsage.record({
          userId: doc.userId, projectId: doc.projectId, documentId: doc.id, purpose: 'document',
          provider: deps.embedder.provider, model: deps.embedder.model, inputs: call.inputs, tokens: call.tokens, latencyMs: call.latencyMs,
        });
      },
    });
    vectors.push(...result.vectors);
  }
  let next = 0;
  return batch.drafts.map((_, i) => {
    const v = batch.copies[i] === null ? vectors[next++] : known[batch.copies[i] as number];
    known[from + i] = v;
    return v;
  });
}

/** A refusal retrying cannot fix (bad key, unknown model) fails the document at once with its reason. */
async function embedBatch(deps: Deps, texts: string[], options: EmbedOptions) {
  try {
    return await deps.embedder.embed(texts, options);
  } catch (err) {
    if (err instanceof EmbeddingError && !err.retryable) throw new PermanentJobError(err.message);
    throw err;
  }
}

type ChunkRow = ChunkDraft & { ordinal: number; copyOfOrdinal: number | null; embedding: Float32Array };

const chunkColumns = (doc: Document, embedding: { model: string; dim: number }): Array<CopyColumn<ChunkRow>> => [
  // Made here rather than by the column's gen_random_uuid(): on PGlite that is ~5% of a chunk's write, on this thread.
  { name: 'id', type: 'uuid', value: () => randomUUID() },
  { name: 'document_id', type: 'uuid', value: () => doc.id },
  { name: 'project_id', type: 'uuid', value: () => doc.projectId },
  { name: 'ordinal', type: 'int4', value: (r) => r.ordinal },
  { name: 'page', type: 'int4', value: (r) => r.page },
  { name: 'location', type: 'text', value: (r) => r.location },
  { name: 'char_start', type: 'int4', value: (r) => r.charStart },
  { name: 'char_end', type: 'int4', value: (r) => r.charEnd },
  { name: 'token_count', type: 'int4', value: (r) => r.tokenCount },
  { name: 'text', type: 'text', value: (r) => r.text },
  { name: 'copy_of_ordinal', type: 'int4', value: (r) => r.copyOfOrdinal },
  { name: 'embedding', type: 'vector', value: (r) => r.embedding },
  { name: 'embedding_model', type: 'text', value: () => embedding.model },
  { name: 'embedding_dim', type: 'int4', value: () => embedding.dim },
];

/**
 * PostgreSQL: two write transactions at once, each on its own backend (write-lanes.ts), in batches small
 * enough that a document of a thousand chunks keeps both busy. One 240-page PDF of prose (1,107 chunks,
 * `BENCH_INGEST_FILES=1 BENCH_INGEST_PAGES=240 npm run bench -- ingest`): 1.03 s with one lane, 0.76 s
 * with two. Several documents at once (QUEUE_CONCURRENCY) already kept both cores busy, and still do.
 */
const WRITE_BATCH = 250;

/**
 * Chunks per write transaction (see write-pace.ts). On PGlite each batch is timed and the next sized to
 * hold the thread it shares with every request for about 40 ms; PostgreSQL takes WRITE_BATCH at a time.
 */
const writePace = (engine: Deps['engine']): WritePace =>
  engine === 'pglite' ? timedPace(40, { first: 16, min: 1, max: 256 }) : fixedPace(WRITE_BATCH);

const writeLanes = (engine: Deps['engine']): WriteLanes => new WriteLanes(engine === 'pglite' ? 1 : 2);

const yieldToRequests = () => new Promise((resolve) => setImmediate(resolve));

/**
 * A transaction that first checks the job still runs, so a cancel or delete that wins the race stops the write.
 * It starts on a fresh turn of the event loop: PGlite's statements resolve without any I/O, so statements
 * awaited one after another (a transaction, then the next) would otherwise hold every request until the
 * whole chain is done.
 */
async function whileRunning<T>(deps: Deps, jobId: string, work: (trx: Knex.Transaction) => Promise<T>): Promise<T> {
  await yieldToRequests();
  return deps.knex.transaction(async (trx) => {
    // A share lock: a cancel (an UPDATE of the row) waits for the writes under way, and the writes of one
    // job do not wait for each other (WriteLanes).
    const job = await Job.query(trx).findById(jobId).forShare();
    if (!job || job.status !== 'running') throw new JobCancelledError();
    return work(trx);
  });
}

/**
 * Writes the chunks batch by batch, each in its own short transaction, then marks the document ready in a
 * last one. Search reads ready documents only, so chunks written meanwhile are never half visible; if the
 * job stops part way, what it wrote is removed (unless a newer job owns the document by then).
 */
async function writeChunks(
  deps: Deps,
  doc: Document,
  task: IngestTask,
  ctx: JobContext,
  meta: IngestSummary & { jobId: string; embedHere: boolean; dim?: number },
): Promise<void> {
  const model = deps.embedder.model;
  const pace = writePace(deps.engine);
  const lanes = writeLanes(deps.engine);
  const known: Float32Array[] = [];
  let dim = meta.dim;
  let written = 0;
  try {
    await whileRunning(deps, meta.jobId, (trx) => trx('chunks').where({ documentId: doc.id }).delete());
    for (let from = 0; from < meta.chunks; ) {
      ctx.checkpoint();
      const batch = task.batch(from, pace.size);
      let vectors: Float32Array[];
      if (meta.embedHere) {
        vectors = await embedBatchHere(deps, doc, batch, from, known, ctx);
      } else {
        const d = dim as number;
        vectors = batch.drafts.map((_, i) => (batch.vectors as Float32Array).subarray(i * d, (i + 1) * d));
      }
      if (dim === undefined) dim = vectors[0].length;
      if (from === 0) await ensureVectorIndex(deps.knex, dim);
      const rows: ChunkRow[] = batch.drafts.map((d, i) => ({
        ...d,
        ordinal: from + i,
        copyOfOrdinal: batch.copies[i],
        // Postgres text cannot hold NUL; nothing else is altered, so offsets stay exact.
        text: d.text.replaceAll('\u0000', ' '),
        embedding: vectors[i],
      }));
      const columns = chunkColumns(doc, { model, dim: dim as number });
      await lanes.add(
        () => whileRunning(deps, meta.jobId, async (trx) => {
          const started = performance.now();
          await copyRows(trx, deps.engine, 'chunks', columns, rows);
          pace.record(rows.length, performance.now() - started);
        }),
        () => {
          written += rows.length;
          const done = written / meta.chunks;
          return ctx.progress(meta.embedHere ? 40 + 59 * done : 80 + 19 * done);
        },
      );
      from += rows.length;
    }
    await lanes.drain();
    const updated = await whileRunning(deps, meta.jobId, async (trx) => {
      const [ready] = await Document.query(trx).patch({
        status: 'ready', progress: 100, error: null, pages: meta.pages, locationKind: meta.locationKind,
        ocrPages: meta.ocrPages?.length || null, ocrPageNumbers: meta.ocrPages?.length ? meta.ocrPages : null,
        chunkCount: meta.chunks, rowCount: meta.rows ?? null, embeddingModel: model, embeddingDim: dim, processedAt: new Date(),
      }).where({ id: doc.id }).returning('*');
      if (!ready) throw new JobCancelledError(); // deleted meanwhile
      return ready;
    });
    await publishDocument(deps, updated);
  } catch (err) {
    await lanes.stop(); // no write may land after the clean-up below
    await deps.knex('chunks').where({ documentId: doc.id })
      .whereExists(deps.knex('documents').where({ id: doc.id, jobId: meta.jobId }).select(deps.knex.raw('1')))
      .delete()
      .catch((e: unknown) => deps.log.warn({ err: e, documentId: doc.id }, 'could not remove the chunks of a stopped job'));
    throw err;
  }
}
