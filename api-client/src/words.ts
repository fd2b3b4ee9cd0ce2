/**
 * The words an answer is shown and written with: the unsupported-claim flag, source labels, the citations
 * table. The shared client keeps them English by default (`ENGLISH_WORDS` in checked-answer.ts); a pane
 * passes its language's, built from the `pane` messages of `@intellio/i18n`, so a Korean user gets Korean
 * in the pane and in the cells written to the sheet.
 */
import type { Claim } from './analysis.js';

/** The citations table's header cells and the OCR caveat its Note column carries. */
export interface CitationWords {
  headers: { number: string; document: string; page: string; quote: string; link: string; note: string };
  /** What the Note column says of a quote read by OCR from a scanned page. */
  ocrNote: string;
}

export interface AnswerWords extends CitationWords {
  /** "⚠ Not found in its sources": put after an unsupported claim (with its reason, if any). */
  flag: string;
  /** "Annual report.pdf, p. 4": a source with a page (one without is its document's name). */
  source(documentName: string, page: number): string;
  /** The hover text of a source's link cell: "Open Annual report.pdf, p. 4 in Intellio". */
  openSource(label: string): string;
  /** The checks' one-line summary under an answer in cells; null without claims. */
  claimSummary(claims: readonly Claim[] | undefined): string | null;
}
