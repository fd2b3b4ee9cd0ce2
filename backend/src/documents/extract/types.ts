import type { OcrSettings } from './ocr.js';
import type { LocationKind } from '../model.js';

/** One citable piece of a document: a page, a sheet range, a row range, a section. Chunks never cross it. */
export interface Unit {
  /** 1-based page where the format has pages; null otherwise. */
  page: number | null;
  /** Human-readable place shown in citations ("page 7", "Sales!A1:F40", "rows 2–51"). */
  location: string;
  text: string;
}

export interface Extraction {
  units: Unit[];
  /** Page count where the format has pages (PDF, DOCX with page breaks). */
  pages: number | null;
  locationKind: LocationKind;
  /** PDF: how many pages looked scanned (a picture, no text layer). */
  scannedPages?: number;
  /** PDF: the scanned pages OCR gave text for, ascending (absent: OCR did not run). */
  ocrPages?: number[];
  /** CSV/XLSX: rows that hold data (a header row included; all sheets together). */
  rows?: number;
}

/** Bounds on reading one file, so no upload can exhaust the server (issue 26 H2). */
export interface IngestLimits {
  /** Worker threads that read files. */
  workers: number;
  /** Heap limit of each worker thread. */
  memoryMb: number;
  /** Longest one file may take to read, chunk and embed. */
  timeoutMs: number;
  /** ZIP-based formats: most bytes their parts may unpack to, together. */
  maxUnzippedBytes: number;
  /** ZIP-based formats: most unpacked bytes per packed byte. */
  maxRatio: number;
  /** CSV/XLSX: most cells read from one file. */
  maxCells: number;
}

export type ZipLimits = Pick<IngestLimits, 'maxUnzippedBytes' | 'maxRatio'>;

export interface ExtractOptions {
  signal?: AbortSignal;
  /** Fraction 0–1 of the extraction done. */
  onProgress?: (fraction: number) => Promise<void> | void;
  /** Text recognition for scanned PDF pages (off when absent). */
  ocr?: OcrSettings;
  /** Size bounds (the defaults below when absent). */
  limits?: Pick<IngestLimits, 'maxUnzippedBytes' | 'maxRatio' | 'maxCells'>;
}

/** The configuration's defaults (config.ts), for callers without a Config (tests, the table view). */
export const DEFAULT_LIMITS: Pick<IngestLimits, 'maxUnzippedBytes' | 'maxRatio' | 'maxCells'> = {
  maxUnzippedBytes: 200 * 1024 * 1024,
  maxRatio: 100,
  maxCells: 5_000_000,
};
