/**
 * Sentences of prose cut from pages of extracted text, as a reader of the page would quote them; the rules
 * are the ones written at the top of quality.ts.
 */

/** Characters that mark a line as markup or code rather than prose. */
const CODE_CHARS = /[\\{}$%^_=<>|~#&@[\]]/g;
const TEX_COMMAND = /\\[A-Za-z@]+/g;
/**
 * Dot leaders of a table of contents (four dots, or three spaced dots ending the line, as pdftotext renders
 * a leader cut before its page number), or a numbered heading that ends in its page number.
 */
const TOC_LINE = /(\.\s?){4,}|(\s\.){3}\s*\d*\s*$|^\s*\d+(\.\d+)*\s+\S.*\s\d{1,4}\s*$/;
/** A sentence that ends in one of these was cut at an abbreviation, not at its end. */
const ABBREVIATION_END = /\b(e\.g|i\.e|cf|vs|etc|fig|figs|sec|sect|ch|p|pp|no|vol|eq|resp|approx|ref|viz|al)\.$/i;
const WORD = /[\p{L}\p{N}]+/gu;

/** A line with its digits masked, so "Page 12" and "Page 13" count as the same header. */
const lineKey = (line: string) => line.trim().replace(/\s+/g, ' ').replace(/\d+/g, '#');

/** Lines that recur on at least three pages of one document: running headers, footers, page numbers. */
export function boilerplateLines(pages: string[]): Set<string> {
  const count = new Map<string, number>();
  for (const page of pages) {
    for (const key of new Set(page.split('\n').map(lineKey).filter(Boolean))) count.set(key, (count.get(key) ?? 0) + 1);
  }
  return new Set([...count].filter(([, n]) => n >= 3).map(([k]) => k));
}

function codeHeavy(line: string): boolean {
  const visible = line.replace(/\s+/g, '');
  if (!visible) return false;
  const symbols = visible.match(CODE_CHARS)?.length ?? 0;
  return symbols / visible.length >= 0.08 || (line.match(TEX_COMMAND)?.length ?? 0) >= 2;
}

/** Joins a word hyphenated at a line end, as a reader reads it, and makes a paragraph one line. */
function joinLines(lines: string[]): string {
  return lines.join('\n').replace(/(\p{Ll})-\n(\p{Ll})/gu, '$1$2').replace(/\s+/g, ' ').trim();
}

/** A page's paragraphs of prose: boilerplate, contents and code lines removed (each breaks a paragraph). */
function paragraphs(page: string, boilerplate: Set<string>): string[] {
  const out: string[] = [];
  let current: string[] = [];
  const flush = () => {
    if (current.length) out.push(joinLines(current));
    current = [];
  };
  for (const line of page.normalize('NFKC').split('\n')) {
    if (!line.trim() || boilerplate.has(lineKey(line)) || TOC_LINE.test(line) || codeHeavy(line)) flush();
    else current.push(line);
  }
  flush();
  return out;
}

export function wordCount(text: string): number {
  return text.match(WORD)?.length ?? 0;
}

/** Whether a piece of text reads as a sentence of prose (not a fragment, list item or formula). */
export function proseSentence(s: string, minWords = 8, maxWords = 60): boolean {
  if (!/^["'“‘(]?\p{Lu}/u.test(s) || !/[.!?]["'”’)]*$/u.test(s) || ABBREVIATION_END.test(s.replace(/["'”’)]+$/u, ''))) return false;
  const tokens = s.split(' ');
  const words = wordCount(s);
  if (words < minWords || words > maxWords) return false;
  const alphabetic = tokens.filter((t) => /^["'“‘(]?\p{L}[\p{L}'’-]*["'”’),.;:!?]*$/u.test(t)).length;
  return alphabetic / tokens.length >= 0.7 && (s.match(CODE_CHARS)?.length ?? 0) === 0;
}

/** Splits a paragraph at sentence ends (., ! or ? followed by a capital). */
export function splitSentences(paragraph: string): string[] {
  return paragraph.split(/(?<=[.!?]["'”’)]*)\s+(?=["'“‘(]?\p{Lu})/u);
}

/** The prose sentences of one page. */
export function pageSentences(page: string, boilerplate: Set<string>): string[] {
  return paragraphs(page, boilerplate).flatMap(splitSentences).filter((s) => proseSentence(s));
}

/** Text reduced to its words, lower-case, one space apart: how two quotations are compared. */
export function comparable(text: string): string {
  return (text.normalize('NFKC').toLowerCase().replace(/(\p{Ll})-\s*\n\s*(\p{Ll})/gu, '$1$2').match(WORD) ?? []).join(' ');
}
