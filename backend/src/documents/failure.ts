/**
 * A document's failure reason as a machine code plus the figures it names. The code is given where the error
 * is thrown (DocumentReadError: extractors, the ingest pool's limits, the job) and travels with the error,
 * across the ingest worker thread too (ingest/protocol.ts), to the failed row (migration 029). The English
 * sentence stays on the row for logs and English readers; the code lets the presenter word the reason in
 * another language, so rewording a sentence never changes its code.
 */
import { PermanentJobError } from '../queue/runner.js';

/** Every code a failed document can carry: each needs a sentence under `serverDocumentFailures` in every catalogue. */
export const FAILURE_CODES = [
  'account_disabled',
  'file_missing',
  'cancelled',
  'no_text_no_ocr',
  'no_text_ocr',
  'no_text_empty',
  'hwp_no_text',
  'no_text',
  'memory_limit',
  'time_limit',
  'too_many_cells',
  'unpacked_limit',
  'compression_ratio',
  'hwp_encrypted',
  'hwp_drm',
  'hwp_distribution',
  'hwp_not_hwp',
  'hwp_old_version',
  'too_many_sections',
  'hwpx_no_body',
  'pdf_encrypted',
  'pdf_no_pages',
  'ocr_page_limit',
  'ocr_language_missing',
  'damaged',
  'processing_failed',
] as const;

export type FailureCode = (typeof FAILURE_CODES)[number];
export type FailureParams = Record<string, string | number>;

export interface DocumentFailure {
  code: string;
  params: FailureParams;
}

/** A file that cannot be read, whatever the retries: its message is for the owner, its code for translation. */
export class DocumentReadError extends PermanentJobError {
  constructor(
    readonly code: FailureCode,
    message: string,
    readonly params: FailureParams = {},
  ) {
    super(message);
    this.name = 'DocumentReadError';
  }
}

/** The failure an error carries; an error without a code (a bug, a crash, retries used up) is `processing_failed`. */
export function failureOf(err: unknown): DocumentFailure {
  return err instanceof DocumentReadError ? { code: err.code, params: err.params } : { code: 'processing_failed', params: {} };
}

/** The columns a failed row gets besides its English `error` (migration 029), from the error that failed it. */
export function failureColumns(err: unknown): { errorCode: string; errorParams: FailureParams } {
  const { code, params } = failureOf(err);
  return { errorCode: code, errorParams: params };
}

// Rows failed before migration 029 (and live events from a process of that age) have only the sentence:
// these patterns read the code back from the sentences those versions wrote. New failures never come here.

/** What is left of a sentence's figure: "1,000,000" → 1000000; "200 MB" stays text. */
const num = (s: string) => Number(s.replace(/,/g, ''));

type Rule = [RegExp, FailureCode, (m: RegExpExecArray) => FailureParams];

const none = () => ({});

/** First match wins: the specific sentences before the general "damaged" ones. */
const LEGACY_RULES: Rule[] = [
  [/^The account is disabled/, 'account_disabled', none],
  [/^The uploaded file is missing from storage/, 'file_missing', none],
  [/^Processing was cancelled/, 'cancelled', none],
  [/^No text could be found in this file: its pages are scanned images/, 'no_text_no_ocr', none],
  [/^No text could be found in this file, not even by text recognition/, 'no_text_ocr', none],
  [/^No text could be found in this file: its pages hold neither/, 'no_text_empty', none],
  [/^No text could be found in this HWP file/, 'hwp_no_text', none],
  [/^No text could be found in this file\.$/, 'no_text', none],
  [/^Reading this file needed more than (\d+) MB of memory/, 'memory_limit', (m) => ({ mb: num(m[1]) })],
  [/^Reading this file took longer than (\d+) seconds/, 'time_limit', (m) => ({ seconds: num(m[1]) })],
  [/^This (?:CSV file|workbook) has more than ([\d,]+) cells/, 'too_many_cells', (m) => ({ max: num(m[1]) })],
  [/^The .+? unpacks to more than ([\d.]+ MB),/, 'unpacked_limit', (m) => ({ size: m[1] })],
  [/^The .+? is compressed more than (\d+) to 1/, 'compression_ratio', (m) => ({ ratio: num(m[1]) })],
  [/^This HWP document is password-protected/, 'hwp_encrypted', none],
  [/^This HWP document is protected by DRM/, 'hwp_drm', none],
  [/^This HWP document is a distribution document/, 'hwp_distribution', none],
  [/^The file is not an HWP document/, 'hwp_not_hwp', none],
  [/^The file is HWP version (\S+); only HWP 5/, 'hwp_old_version', (m) => ({ version: m[1] })],
  [/^The HWPX? file has more than (\d+) sections/, 'too_many_sections', (m) => ({ max: num(m[1]) })],
  [/^The HWPX file has no document body/, 'hwpx_no_body', none],
  [/^The PDF is password-protected/, 'pdf_encrypted', none],
  [/^The PDF has no pages/, 'pdf_no_pages', none],
  [/^This PDF has (\d+) scanned pages, and this server reads at most (\d+)/, 'ocr_page_limit', (m) => ({ pages: num(m[1]), max: num(m[2]) })],
  [/^Text recognition is set up for "([^"]*)", but a language pack is missing/, 'ocr_language_missing', (m) => ({ languages: m[1] })],
  [/^The (?:PDF|Word file|workbook|CSV file|HWP file|HWPX file|[\w ]+) is damaged and could not be read|^The CSV file could not be read/, 'damaged', none],
];

/** The code and figures read from a sentence of an older version; `processing_failed` for one it did not write. */
export function documentFailure(reason: string): DocumentFailure {
  for (const [pattern, code, params] of LEGACY_RULES) {
    const m = pattern.exec(reason);
    if (m) return { code, params: params(m) };
  }
  return { code: 'processing_failed', params: {} };
}
