/** Plain data the host modules hand to React and to the API (no office-js objects cross this line). */
import type { AnswerWords, Claim } from '@intellio/api-client';

export type CellValue = string | number | boolean | null;

export interface SelectionArea {
  /** A1 address without the sheet, e.g. "B2:D10". */
  address: string;
  rowCount: number;
  columnCount: number;
  /** Cell values after number formats are applied where they change meaning (dates become ISO text). */
  values: CellValue[][];
  numberFormat: string[][];
  /** Set when "first row is headers" is ticked; `values` then excludes that row. */
  headers?: string[];
}

export interface SheetSelection {
  workbook?: string;
  sheet: string;
  /** Every area, comma separated, as Excel shows it. */
  address: string;
  cellCount: number;
  areas: SelectionArea[];
}

export type SelectionResult =
  | { status: 'ok'; selection: SheetSelection }
  | { status: 'too_large'; address: string; cellCount: number; limit: number }
  | { status: 'empty' };

export interface Citation {
  id: string;
  documentId: string;
  documentName: string;
  page: number | null;
  location?: string | null;
  quote: string;
  /** Read by OCR from a scanned page: the quote may hold recognition errors. */
  ocr?: boolean;
  /** Signed download link; expires after minutes. */
  url: string;
  /** Stable app link (sign in, then the page); missing on analyses stored before it existed. */
  appUrl?: string;
}

export type InsertTarget = { kind: 'cell'; address: string } | { kind: 'sheet'; name: string };

export interface InsertRequest {
  answer: string;
  citations: Citation[];
  /** The answer's checked statements: unsupported ones are flagged next to their line. */
  claims?: Claim[];
  includeCitations: boolean;
  target: InsertTarget;
  /** The words written with the answer (flags, table headers); English without them. */
  words?: AnswerWords;
}

export interface InsertResult {
  sheet: string;
  address: string;
}
