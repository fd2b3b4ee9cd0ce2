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
}

export interface ExtractOptions {
  signal?: AbortSignal;
  /** Fraction 0–1 of the extraction done. */
  onProgress?: (fraction: number) => Promise<void> | void;
  /** Text recognition for scanned PDF pages (off when absent). */
  ocr?: OcrSettings;
}
