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
 * A run as looked for: its words between spaces (whole words only, in a text folded as runs are), and its
 * longest word, which a text that says the run must hold as it stands, lowercased.
 */
interface Sought {
  padded: string;
  key: string;
}

function soughtOf(runs: readonly string[]): Sought[] {
  return runs.map((run) => ({ padded: ` ${run} `, key: run.split(' ').reduce((a, b) => (b.length > a.length ? b : a)) }));
}

/**
 * Whether `text` says one of `sought`. Most candidates lack the longest word, and a lowercased copy and an
 * `includes` tell that cheaply; only those holding it are folded as runs are. (A pattern built per question,
 * `(?<![\p{L}\p{N}])word[^\p{L}\p{N}]+word…` with the `iu` flags, cost 6–9 ms of CPU over a hybrid
 * search's ~100 candidates: V8 caches a pattern by its source, and a new question is a new source, compiled
 * for Unicode case folding and run by the interpreter at first; this costs ~0.1 ms.)
 */
function says(text: string, sought: readonly Sought[]): boolean {
  const lower = text.toLowerCase();
  if (!sought.some((s) => lower.includes(s.key))) return false;
  const folded = ` ${lower.replace(NON_WORD, ' ')} `;
  return sought.some((s) => folded.includes(s.padded));
}

/** Whether `text` says one of `runs` word for word. */
export function saysRun(text: string, runs: readonly string[]): boolean {
  return says(text, soughtOf(runs));
}

/** `candidates` split into those saying one of `runs` and the rest, each in its order. */
export function splitVerbatim<T extends { text: string }>(candidates: readonly T[], runs: readonly string[]): { said: T[]; rest: T[] } {
  const sought = soughtOf(runs);
  const said: T[] = [];
  const rest: T[] = [];
  for (const c of candidates) (sought.length && says(c.text, sought) ? said : rest).push(c);
  return { said, rest };
}
