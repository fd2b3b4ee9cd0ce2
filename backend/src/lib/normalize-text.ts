/**
 * One normalisation of extracted and written text, used by ingest (what is indexed and stored), by search
 * (what is asked) and by the claim checks (what the model quotes), so that the three agree on what "the
 * same words" means:
 * - ligatures and other compatibility forms (ﬁ → fi, full-width digits → digits) by NFKC;
 * - curly quotes and apostrophes → straight ones, dashes → "-";
 * - a word hyphenated across a line break joined again ("individ-\nuals" → "individuals");
 * - soft hyphens and zero-width characters removed.
 */

const QUOTES: Record<string, string> = {
  '\u2018': "'", '\u2019': "'", '\u201A': "'", '\u201B': "'", '\u2032': "'",
  '\u201C': '"', '\u201D': '"', '\u201E': '"', '\u201F': '"', '\u2033': '"', '\u00AB': '"', '\u00BB': '"',
  '\u2010': '-', '\u2011': '-', '\u2012': '-', '\u2013': '-', '\u2014': '-', '\u2212': '-',
};
const QUOTE_RE = /[\u2018\u2019\u201A\u201B\u2032\u201C\u201D\u201E\u201F\u2033\u00AB\u00BB\u2010-\u2014\u2212]/g;
const INVISIBLE = /[\u00AD\u200B-\u200D\u2060\uFEFF]/g;
/** A lower-case letter, a hyphen at the end of a line, then a lower-case letter starting the next one. */
const LINE_END_HYPHEN = /(\p{Ll})-[ \t]*\r?\n[ \t]*(?=\p{Ll})/gu;

/** Text as stored and indexed: line breaks kept (quotes and headings use them), hyphenated words joined. */
export function normalizeText(text: string): string {
  return text.normalize('NFKC').replace(INVISIBLE, '').replace(QUOTE_RE, (c) => QUOTES[c] ?? c).replace(LINE_END_HYPHEN, '$1');
}

/**
 * Text for comparing two passages of words: normalised, lower-case, every run of white space one space.
 * `"Net  revenue\nrose"` and `"net revenue rose"` compare equal.
 */
export function comparableText(text: string): string {
  return normalizeText(text).toLowerCase().replace(/\s+/g, ' ').trim();
}
