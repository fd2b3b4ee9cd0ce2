/**
 * What both spreadsheet add-ins (Excel task pane, Google Sheets sidebar) share beyond the HTTP calls: the
 * cell limit per analysis and how an answer with its citations is laid out in cells.
 */

/** Cells sent for one analysis at most; both add-ins refuse bigger selections with a readable message. */
export const SELECTION_CELL_LIMIT = 50_000;

import type { CitationWords } from './words.js';

export const CITATION_HEADERS = ['#', 'Document', 'Page', 'Quote', 'Link'];

/** What the Note column says of a quote read by OCR from a scanned page. */
export const OCR_NOTE = 'Scanned page, read by OCR: check the quote against the page';

/** The citations table in English: the default wherever a pane passes no words of its language. */
export const ENGLISH_CITATION_WORDS: CitationWords = {
  headers: { number: '#', document: 'Document', page: 'Page', quote: 'Quote', link: 'Link', note: 'Note' },
  ocrNote: OCR_NOTE,
};

/** Every client's hover text on a citation read by OCR: OCR misreads look-alike characters (1/l, 0/O, 5/S). */
export const OCR_HINT = 'A scanned page read by OCR: check the quote against the page before relying on its figures.';

/** The citation fields an inserted answer shows (a subset of the analysis citation). */
export interface AnswerCitation {
  documentName: string;
  page: number | null;
  quote: string;
  /** Read by OCR from a scanned page. */
  ocr?: boolean;
  url: string;
}

/**
 * The citations table's header row. A Note column is added only when a quote was read by OCR, so the
 * caveat travels with the answer into the workbook while plain answers keep their five columns.
 */
export function citationHeaders(citations: AnswerCitation[], words: CitationWords = ENGLISH_CITATION_WORDS): string[] {
  const h = words.headers;
  const base = [h.number, h.document, h.page, h.quote, h.link];
  return citations.some((c) => c.ocr) ? [...base, h.note] : base;
}

/**
 * Cells to write, as a rectangle: the answer one line per row, then a blank row and the citations table.
 * Answers are Markdown; in cells the markers would be noise, so emphasis and code marks are dropped,
 * headings and list bullets become plain text, and a Markdown table becomes real cells (numbers as numbers).
 */
export function answerRows(answer: string, citations: AnswerCitation[], includeCitations: boolean, words: CitationWords = ENGLISH_CITATION_WORDS): (string | number)[][] {
  const lines = answer.replace(/\r\n/g, '\n').split('\n').map((l) => l.trimEnd());
  while (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  const rows: (string | number)[][] = [];
  for (const line of lines) {
    if (TABLE_RULE.test(line)) continue;
    rows.push(isTableRow(line) ? tableCells(line) : [plainLine(line)]);
  }
  if (includeCitations && citations.length) {
    const headers = citationHeaders(citations, words);
    rows.push([], headers);
    citations.forEach((c, i) => rows.push([i + 1, c.documentName, c.page ?? '', c.quote, c.url, ...(headers.length > CITATION_HEADERS.length ? [c.ocr ? words.ocrNote : ''] : [])]));
  }
  const width = Math.max(...rows.map((r) => r.length), 1);
  return rows.map((r) => [...r, ...Array<string>(width - r.length).fill('')]);
}

const TABLE_RULE = /^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$/;

function isTableRow(line: string): boolean {
  const t = line.trim();
  return t.startsWith('|') && t.endsWith('|') && t.length > 1;
}

function tableCells(line: string): (string | number)[] {
  return line
    .trim()
    .slice(1, -1)
    .split(/(?<!\\)\|/)
    .map((cell) => {
      const text = stripInline(cell.trim().replace(/\\\|/g, '|'));
      return isPlainNumber(text) ? Number(text.replace(/,/g, '')) : text;
    });
}

/**
 * Whether a table cell is a number to write as one: "1,480", "-1.3", "0.25". Not "1,2" or "," (a list, a
 * decimal comma: read as 12 and 0), not "00123" (a code whose zeros a number drops) and not more than the
 * 15 significant digits a spreadsheet keeps (an account number would be rounded).
 */
function isPlainNumber(text: string): boolean {
  if (!/^-?(?:\d{1,3}(?:,\d{3})+|0|[1-9]\d*)(?:\.\d+)?$/.test(text)) return false;
  return text.replace(/\D/g, '').replace(/^0+/, '').length <= 15;
}

function plainLine(line: string): string {
  return stripInline(line.replace(/^(\s*)#{1,6}\s+/, '$1').replace(/^(\s*)[-*+]\s+/, '$1• '));
}

function stripInline(text: string): string {
  return text
    .replace(/\*\*(.+?)\*\*/g, '$1')
    .replace(/__(.+?)__/g, '$1')
    .replace(/(^|[\s(])[*_]([^*_\s][^*_]*?)[*_](?=[\s).,;:!?]|$)/g, '$1$2')
    .replace(/`([^`]+)`/g, '$1');
}

/** "B2" or "B2:D9" for the block at 1-based `row`, `col` of `rows` × `cols` cells. */
export function rangeAddress(row: number, col: number, rows: number, cols: number): string {
  const letters = (n: number): string => (n > 26 ? letters(Math.floor((n - 1) / 26)) : '') + String.fromCharCode(65 + ((n - 1) % 26));
  const first = `${letters(col)}${row}`;
  return rows === 1 && cols === 1 ? first : `${first}:${letters(col + cols - 1)}${row + rows - 1}`;
}

/** Splits "Sheet 1!B2" / "'My Sheet'!B2" / "B2" into sheet (null = the active one) and cell. */
export function parseCellTarget(address: string): { sheet: string | null; cell: string } {
  const bang = address.lastIndexOf('!');
  if (bang < 0) return { sheet: null, cell: address.trim() };
  return { sheet: address.slice(0, bang).trim().replace(/^'(.*)'$/, '$1').replace(/''/g, "'"), cell: address.slice(bang + 1).trim() };
}
