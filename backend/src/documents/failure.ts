/**
 * A document's failure reason as a machine code plus the figures it names, read from the English sentence
 * the ingest path raised (extractors, the ingest pool, the job). The sentence stays on the row for logs and
 * for English readers; the code lets the presenter word the reason in another language. The sentences are
 * matched here, in one table, because they cross a worker-thread boundary and the queue as plain text.
 */
export interface DocumentFailure {
  code: string;
  params: Record<string, string | number>;
}

/** What is left of a sentence's figure: "1,000,000" → 1000000; "200 MB" stays text. */
const num = (s: string) => Number(s.replace(/,/g, ''));

type Rule = [RegExp, string, (m: RegExpExecArray) => Record<string, string | number>];

const none = () => ({});

/** First match wins: the specific sentences before the general "damaged" ones. */
const RULES: Rule[] = [
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

/** The code and figures of a failure sentence; `processing_failed` for one this table does not know. */
export function documentFailure(reason: string): DocumentFailure {
  for (const [pattern, code, params] of RULES) {
    const m = pattern.exec(reason);
    if (m) return { code, params: params(m) };
  }
  return { code: 'processing_failed', params: {} };
}

/** Every code `documentFailure` can give: each needs a sentence under `serverDocumentFailures` in every catalogue. */
export const FAILURE_CODES: readonly string[] = [...new Set([...RULES.map(([, code]) => code), 'processing_failed'])];

/** The columns a failed row gets besides its English `error` (migration 029). */
export function failureColumns(reason: string): { errorCode: string; errorParams: Record<string, string | number> } {
  const { code, params } = documentFailure(reason);
  return { errorCode: code, errorParams: params };
}
