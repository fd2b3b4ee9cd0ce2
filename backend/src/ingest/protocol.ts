/** Messages between the ingest pool (pool.ts, main thread) and an ingest worker (worker.ts). */
import type { ChunkDraft } from '../documents/chunk.js';
import type { PdfEngine } from '../documents/extract/pdf.js';
import type { OcrSettings } from '../documents/extract/ocr.js';
import type { IngestLimits } from '../documents/extract/types.js';
import type { FailureCode, FailureParams } from '../documents/failure.js';
import type { DocumentKind, LocationKind } from '../documents/model.js';

export interface IngestRequest {
  kind: DocumentKind;
  filePath: string;
  pdfEngine: PdfEngine;
  ocr?: OcrSettings;
  limits: Pick<IngestLimits, 'maxUnzippedBytes' | 'maxRatio' | 'maxCells'>;
  /** The local embedder's model and size: the worker embeds too. Absent: the caller embeds (a remote model). */
  embed?: { model: string; dim: number };
}

/** What a file gave, without its chunks (those are fetched in batches). */
export interface IngestSummary {
  pages: number | null;
  locationKind: LocationKind;
  scannedPages?: number;
  ocrPages?: number[];
  rows?: number;
  units: number;
  chunks: number;
}

export interface ChunkBatch {
  drafts: ChunkDraft[];
  /** Per draft, the ordinal of the first earlier chunk with the same text (see documents/copies.ts). */
  copies: Array<number | null>;
  /** The drafts' vectors end to end (drafts.length × dim), when the worker embeds. */
  vectors: Float32Array | null;
}

/**
 * Every chunk of a file in a few flat buffers, handed over (transferred, not copied) in one message so the
 * worker is free for the next file at once, and kept off this thread's JS heap until a batch is written.
 */
export interface PackedChunks {
  /** The chunk texts, UTF-8, end to end; chunk i is bytes textEnds[i-1]..textEnds[i]. */
  text: Uint8Array;
  textEnds: Int32Array;
  /** Distinct locations ("rows 1–50"), and each chunk's index into them. */
  locations: string[];
  location: Int32Array;
  /** page, charStart, charEnd, tokenCount, copyOf per chunk (page and copyOf -1 for null). */
  fields: Int32Array;
  /** Vectors end to end (chunks × dim), when the worker embeds. */
  vectors: Float32Array | null;
}

/** Int32 fields per chunk in PackedChunks.fields. */
export const PACKED_FIELDS = 5;

export type ToWorker = { type: 'run'; request: IngestRequest };

export type FromWorker =
  | { type: 'progress'; percent: number }
  | { type: 'done'; summary: IngestSummary; chunks: PackedChunks }
  /** `failure`: a DocumentReadError's code and figures, so it is thrown again as one on this side. */
  | { type: 'failed'; message: string; permanent: boolean; failure?: { code: FailureCode; params: FailureParams } };
