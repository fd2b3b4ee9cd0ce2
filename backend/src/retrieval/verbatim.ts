/**
 * Passages that say the question's words in the question's order (issue 30). Full text matches stems and
 * skips stop words: for it "This variant is also available" and "These variants are also available" hold
 * the same phrase, and a question of four or five words is matched word by word, in any order. Of the
 * candidates search has already read, the one that says the words as they were asked is the one the user
 * copied them from, so it goes first. Words are compared as letters and digits only, case folded:
 * punctuation and line breaks between them do not matter ("available:\n$ gcloud alpha").
 */
import type { ParsedQuery } from './query.js';

const NON_WORD = /[^\p{L}\p{N}]+/gu;

/** Fewer words in order are in many passages by chance ("in the file"), and say little about which one. */
const VERBATIM_MIN_WORDS = 4;

/** A text's words, case folded, one space apart. */
export function wordRun(text: string): string {
  return text.toLowerCase().replace(NON_WORD, ' ').trim();
}

/**
 * What to look for: each quoted passage, or else the question less its frame (`asked`, as the user typed
 * it, when the query searched is only its significant words), of VERBATIM_MIN_WORDS words or more.
 */
export function verbatimRuns(parsed: Pick<ParsedQuery, 'quoted' | 'embedText'>, asked?: string): string[] {
  const sought = parsed.quoted.length ? parsed.quoted : [asked ?? parsed.embedText];
  return sought.map(wordRun).filter((run) => run.split(' ').length >= VERBATIM_MIN_WORDS);
}

const WORD_CHAR = /[\p{L}\p{N}]/u;

/** Whether the character at `i` of `text` (a whole code point, surrogate pairs read together) is a letter or digit. */
function wordAt(text: string, i: number): boolean {
  const code = text.charCodeAt(i);
  if (code < 0x80) return (code >= 0x61 && code <= 0x7a) || (code >= 0x30 && code <= 0x39) || (code >= 0x41 && code <= 0x5a);
  return WORD_CHAR.test(String.fromCodePoint(text.codePointAt(i) ?? code));
}

/** Whether the character ending just before `i` is a letter or digit (false at the start). */
function wordBefore(text: string, i: number): boolean {
  if (i <= 0) return false;
  const low = text.charCodeAt(i - 1);
  return wordAt(text, low >= 0xdc00 && low <= 0xdfff && i >= 2 ? i - 2 : i - 1);
}

/** The length of the code point at `i` (2 for a surrogate pair). */
function width(text: string, i: number): number {
  return (text.codePointAt(i) ?? 0) > 0xffff ? 2 : 1;
}

/**
 * Whether `lower` (a text lowercased, as runs are) holds `words` in order as whole words, with letters and
 * digits nowhere between them, scanning from each whole-word occurrence of the first word.
 * (A pattern built per question, `(?<![\p{L}\p{N}])word[^\p{L}\p{N}]+word…` with the `iu` flags, cost
 * 6–9 ms of CPU over a hybrid search's ~100 candidates: V8 caches a pattern by its source, and each new
 * question is a new source, compiled for Unicode case folding and first run by the interpreter.)
 */
function holdsRun(lower: string, words: readonly string[]): boolean {
  const first = words[0];
  if (!first) return false;
  for (let at = lower.indexOf(first); at !== -1; at = lower.indexOf(first, at + 1)) {
    if (wordBefore(lower, at)) continue;
    let p = at + first.length;
    let held = true;
    for (let w = 1; w < words.length && held; w++) {
      const gap = p;
      while (p < lower.length && !wordAt(lower, p)) p += width(lower, p);
      held = p > gap && lower.startsWith(words[w], p);
      p += words[w].length;
    }
    if (held && !(p < lower.length && wordAt(lower, p))) return true;
  }
  return false;
}

/** Whether `text` says one of `runs` (each split into its words). */
function says(text: string, runs: ReadonlyArray<readonly string[]>): boolean {
  const lower = text.toLowerCase();
  return runs.some((words) => holdsRun(lower, words));
}

/** Whether `text` says one of `runs` word for word. */
export function saysRun(text: string, runs: readonly string[]): boolean {
  return says(text, runs.map((run) => run.split(' ')));
}

/** `candidates` split into those saying one of `runs` and the rest, each in its order. */
export function splitVerbatim<T extends { text: string }>(candidates: readonly T[], runs: readonly string[]): { said: T[]; rest: T[] } {
  const sought = runs.map((run) => run.split(' '));
  const said: T[] = [];
  const rest: T[] = [];
  for (const c of candidates) (sought.length && says(c.text, sought) ? said : rest).push(c);
  return { said, rest };
}
