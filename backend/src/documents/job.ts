/**
 * The processing job: extract per unit → chunk → embed → index, with progress 0–100 on the document and
 * a live event for every change. Progress is split by cost: extraction 0–40, embedding 40–90, writing the
 * chunks 90–100. The final write happens in one transaction that first checks the job is still running,
 * so a cancel or delete that wins the race leaves nothing behind.
 */
import { copyRows, type CopyColumn } from '../db/copy.js';
import type { Deps } from '../deps.js';
import type { EmbedOptions } from '../llm/embedder.js';
import { EmbeddingError } from '../llm/openai-embedder.js';
import { embeddingPages } from '../monitoring/metrics.js';
import { Job } from '../queue/model.js';
import { JobCancelledError, PermanentJobError, type JobContext, type JobDefinition } from '../queue/runner.js';
import { ensureVectorIndex } from '../retrieval/vectors.js';
import { copyOf } from './copies.js';
import { chunkUnits, type ChunkDraft } from './chunk.js';
import { publishDocument } from './events.js';
import { extract, type Extraction } from './extract/index.js';
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
      throw new PermanentJobError('The account is disabled, so this file was not processed.');
    }
    await publishDocument(deps, doc);

    const copy = await deps.storage.localCopy(doc.storageKey).catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') throw new PermanentJobError('The uploaded file is missing from storage. Delete the document and upload it again.');
      throw err;
    });
    let extraction;
    try {
      extraction = await extract(doc.kind, copy.path, deps.config.documents.pdfExtractor, {
        signal: ctx.signal,
        onProgress: (f) => ctx.progress(f * 40),
        ocr: deps.config.documents.ocr,
      });
    } finally {
      await copy.release();
    }
    ctx.checkpoint();
    const drafts = chunkUnits(extraction.units);
    if (!drafts.length) throw new PermanentJobError(noTextReason(extraction));
    await ctx.progress(40);
    const copies = copyOf(drafts);
    const vectors = await embedAll(deps, doc, drafts, copies, ctx);
    const dim = vectors[0].length;
    await ensureVectorIndex(deps.knex, dim);
    ctx.checkpoint();
    await writeChunks(deps, doc, drafts, copies, vectors, { ...extraction, dim, jobId: payload.jobId });
    embeddingPages.inc(extraction.pages ?? extraction.units.length);
  },

  async onProgress(deps, payload, percent) {
    // Extraction and embedding are 0–90; the row reaches 100 only with status ready.
    const progress = Math.min(percent, 99);
    const [doc] = await Document.query(deps.knex).patch({ progress }).where({ id: payload.documentId, jobId: payload.jobId, status: 'processing' }).returning('*');
    if (doc) await publishDocument(deps, doc);
  },

  async onFailed(deps, payload, reason) {
    const [doc] = await Document.query(deps.knex).patch({ status: 'failed', error: reason }).where({ id: payload.documentId, jobId: payload.jobId }).returning('*');
    if (doc) await publishDocument(deps, doc);
  },
};

/** Why a file gave no text, in words its owner can act on. */
function noTextReason(extraction: Extraction): string {
  if (extraction.scannedPages && extraction.ocrPages === undefined) {
    return 'No text could be found in this file: its pages are scanned images, and text recognition (OCR) is not available on this server.';
  }
  if (extraction.scannedPages) return 'No text could be found in this file, not even by text recognition (OCR) of its scanned pages. Check that the scan is legible.';
  if (extraction.scannedPages === 0) return 'No text could be found in this file: its pages hold neither text nor scanned images.';
  return 'No text could be found in this file.';
}

/**
 * Each draft's vector. A text that repeats an earlier one (a page footer, a disclaimer) is embedded once:
 * no tokens are paid twice for it, and it gets the very same vector.
 */
async function embedAll(deps: Deps, doc: Document, drafts: ChunkDraft[], copies: Array<number | null>, ctx: JobContext): Promise<Float32Array[]> {
  const unique = drafts.filter((_, i) => copies[i] === null);
  const uniqueVectors = await embedTexts(deps, doc, unique.map((d) => d.text), ctx);
  const byOrdinal: Float32Array[] = [];
  let next = 0;
  drafts.forEach((_, i) => byOrdinal.push(copies[i] === null ? uniqueVectors[next++] : byOrdinal[copies[i] as number]));
  return byOrdinal;
}

async function embedTexts(deps: Deps, doc: Document, texts: string[], ctx: JobContext): Promise<Float32Array[]> {
  const vectors: Float32Array[] = [];
  for (let i = 0; i < texts.length; i += EMBED_BATCH) {
    ctx.checkpoint();
    const batch = texts.slice(i, i + EMBED_BATCH);
    const result = await embedBatch(deps, batch, {
      signal: ctx.signal,
      onCall: async (call) => {
        await deps.embeddingUsage.record({
          userId: doc.userId, projectId: doc.projectId, documentId: doc.id, purpose: 'document',
          provider: deps.embedder.provider, model: deps.embedder.model, inputs: call.inputs, tokens: call.tokens, latencyMs: call.latencyMs,
        });
      },
    });
    vectors.push(...result.vectors);
    await ctx.progress(40 + (50 * vectors.length) / texts.length);
  }
  return vectors;
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

async function writeChunks(
  deps: Deps,
  doc: Document,
  drafts: ChunkDraft[],
  copies: Array<number | null>,
  vectors: Float32Array[],
  meta: { pages: number | null; locationKind: Document['locationKind']; ocrPages?: number[]; dim: number; jobId: string },
): Promise<void> {
  const model = deps.embedder.model;
  const updated = await deps.knex.transaction(async (trx) => {
    const job = await Job.query(trx).findById(meta.jobId).forUpdate();
    if (!job || job.status !== 'running') throw new JobCancelledError();
    await trx('chunks').where({ documentId: doc.id }).delete();
    const rows: ChunkRow[] = drafts.map((d, i) => ({
      ...d,
      ordinal: i,
      copyOfOrdinal: copies[i],
      // Postgres text cannot hold NUL; nothing else is altered, so offsets stay exact.
      text: d.text.replaceAll('\u0000', ' '),
      embedding: vectors[i],
    }));
    await copyRows(trx, deps.engine, 'chunks', chunkColumns(doc, { model, dim: meta.dim }), rows);
    const [ready] = await Document.query(trx).patch({
      status: 'ready', progress: 100, error: null, pages: meta.pages, locationKind: meta.locationKind,
      ocrPages: meta.ocrPages?.length || null, ocrPageNumbers: meta.ocrPages?.length ? meta.ocrPages : null,
      chunkCount: drafts.length, embeddingModel: model, embeddingDim: meta.dim, processedAt: new Date(),
    }).where({ id: doc.id }).returning('*');
    if (!ready) throw new JobCancelledError(); // deleted meanwhile
    return ready;
  });
  await publishDocument(deps, updated);
}
