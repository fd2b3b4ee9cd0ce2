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
export const VERBATIM_MIN_WORDS = 4;

/** A text's words, case folded, one space apart. */
export function wordRun(text: string): string {
  return text.toLowerCase().replace(NON_WORD, ' ').trim();
}

/** What to look for: each quoted passage, or else the question less its frame, of VERBATIM_MIN_WORDS or more. */
export function verbatimRuns(parsed: Pick<ParsedQuery, 'phrases' | 'embedText'>): string[] {
  // The phrases are the quoted passages, or the whole question when it is long and quotes none.
  const asked = parsed.phrases.length ? parsed.phrases : [parsed.embedText];
  return asked.map(wordRun).filter((run) => run.split(' ').length >= VERBATIM_MIN_WORDS);
}

/** Whether `text` says one of `runs` word for word. */
export function saysRun(text: string, runs: readonly string[]): boolean {
  if (!runs.length) return false;
  const words = ` ${wordRun(text)} `;
  return runs.some((run) => words.includes(` ${run} `));
}

/** `candidates` split into those saying one of `runs` and the rest, each in its order. */
export function splitVerbatim<T extends { text: string }>(candidates: readonly T[], runs: readonly string[]): { said: T[]; rest: T[] } {
  const said: T[] = [];
  const rest: T[] = [];
  for (const c of candidates) (saysRun(c.text, runs) ? said : rest).push(c);
  return { said, rest };
}
