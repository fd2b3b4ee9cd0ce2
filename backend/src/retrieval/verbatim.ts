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

/**
 * One pattern for `runs`: their words in order, anything but letters and digits between them, whole words
 * only, any case (a run's words are letters and digits alone, so nothing in them needs escaping). Testing
 * a pattern allocates nothing, where folding each candidate's text first would copy it twice.
 */
export function verbatimPattern(runs: readonly string[]): RegExp | null {
  if (!runs.length) return null;
  const alternatives = runs.map((run) => run.split(' ').join('[^\\p{L}\\p{N}]+'));
  return new RegExp(`(?<![\\p{L}\\p{N}])(?:${alternatives.join('|')})(?![\\p{L}\\p{N}])`, 'iu');
}

/** Whether `text` says one of `runs` word for word. */
export function saysRun(text: string, runs: readonly string[]): boolean {
  return verbatimPattern(runs)?.test(text) ?? false;
}

/** `candidates` split into those saying one of `runs` and the rest, each in its order. */
export function splitVerbatim<T extends { text: string }>(candidates: readonly T[], runs: readonly string[]): { said: T[]; rest: T[] } {
  const pattern = verbatimPattern(runs);
  if (!pattern) return { said: [], rest: [...candidates] };
  const said: T[] = [];
  const rest: T[] = [];
  for (const c of candidates) (pattern.test(c.text) ? said : rest).push(c);
  return { said, rest };
}
