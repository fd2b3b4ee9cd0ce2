/**
 * Sentence rerank of fused candidates (issue 25 §3, issue 31 §4). A question restates one sentence, so the
 * passage meant is the one with a sentence holding most of the asked terms, not the one whose terms are
 * scattered over unrelated sentences: a page of report lines names every city, measure and quarter
 * somewhere, and both full text (which counts the terms over the whole passage) and fusion favour it.
 * Runs in TypeScript over passage texts search has already read: no SQL; ~2 ms for 40 passages of 250 words
 * on a loaded 2-core machine (tokenising is a quarter of it).
 */

import { PARTICLES } from './query.js';

/** A term of the question, as the rerank matches it in a sentence. */
export interface RerankTerm {
  /** An English lexeme (a Snowball stem, "revenu", "studi") or a number; or a Hangul bigram ("매출", "3분"). */
  term: string;
  kind: 'lexeme' | 'bigram';
  /** How much holding it says (an inverse document frequency; 1 when nothing is known). */
  weight: number;
}

/** A word, or the end of a sentence: . ! ? ; before a space, or a blank line. */
const TOKEN = /[\p{L}\p{N}]+|[.!?;](?=\s)|\n\s*\n/gu;
/** Hangul or Han (hanja): the scripts whose words are matched by bigrams (query.ts: HANGUL_RUN). */
const HANGUL = /[\uAC00-\uD7A3\u3400-\u4DBF\u4E00-\u9FFF\uF900-\uFAFF]/;
/** A token's first character when it ends a sentence. */
const SENTENCE_END = new Set(['.', '!', '?', ';', '\n']);

/** Letters a word may carry after a lexeme's stem ("approv" → "approved", "creat" → "creation"). */
const MAX_SUFFIX = 5;

/**
 * Words a sentence is scored over at most: longer "sentences" (code listings, tables, an index: text with
 * no sentence punctuation) are scored by windows of this many words, half overlapping, so a page of
 * unpunctuated code is not one sentence holding every term it has. The bench's sentences have 8–60 words.
 */
const WINDOW = 40;

/**
 * The question's terms with their weights: English lexemes and numbers, and Hangul bigrams, each weighted
 * by ln(1/share) of the chunks holding it, where the table statistics keep the share (see tableStats); a
 * term they do not keep is rarer than all they keep. With no statistics (a small or un-analysed table)
 * every term weighs the same.
 */
export function rerankTerms(lexemes: readonly string[], bigrams: readonly string[], shares: ReadonlyMap<string, number>): RerankTerm[] {
  let floor = Infinity;
  for (const f of shares.values()) if (f > 0) floor = Math.min(floor, f);
  const weight = (t: string) => {
    if (!Number.isFinite(floor)) return 1;
    const share = shares.get(t) ?? floor / 2;
    return Math.max(Math.log(1 / Math.max(share, 1e-6)), 0.5);
  };
  return [
    ...[...new Set(lexemes)].map((term) => ({ term, kind: 'lexeme' as const, weight: weight(term) })),
    ...[...new Set(bigrams)].map((term) => ({ term, kind: 'bigram' as const, weight: weight(term) })),
  ];
}

/**
 * The terms indexed for matching words: a lexeme by its stem (a final "i" standing for "y": "studi" →
 * "studi", "study"), which a word holds when it starts with it and carries at most MAX_SUFFIX more letters;
 * a bigram by itself, which a Hangul word holds as a substring. Built once per query.
 */
export class TermMatcher {
  private readonly stems = new Map<string, number[]>();
  private readonly bigrams = new Map<string, number>();
  private readonly memo = new Map<string, readonly number[]>();
  private minStem = Infinity;
  private maxStem = 0;
  readonly total: number;

  constructor(readonly terms: readonly RerankTerm[]) {
    terms.forEach((t, i) => {
      if (t.kind === 'bigram') {
        this.bigrams.set(t.term, i);
        return;
      }
      const stem = t.term.length > 2 && t.term.endsWith('i') ? t.term.slice(0, -1) : t.term;
      this.stems.set(stem, [...(this.stems.get(stem) ?? []), i]);
      this.minStem = Math.min(this.minStem, stem.length);
      this.maxStem = Math.max(this.maxStem, stem.length);
    });
    this.total = terms.reduce((n, t) => n + t.weight, 0);
  }

  /** The indices of the terms the lower-case word holds (remembered: prose repeats its words). */
  held(word: string): readonly number[] {
    const known = this.memo.get(word);
    if (known) return known;
    const out: number[] = [];
    const longest = Math.min(word.length, this.maxStem);
    for (let k = Math.max(this.minStem, word.length - MAX_SUFFIX); k <= longest; k++) {
      const found = this.stems.get(word.slice(0, k));
      if (found) out.push(...found);
    }
    if (this.bigrams.size && HANGUL.test(word)) {
      // A one-syllable term is held by the word itself, or by the syllable with a particle ("값은"), as indexed.
      const single = word.length === 1 ? word : PARTICLES.has(word.slice(1)) ? word[0] : '';
      if (single && this.bigrams.has(single)) out.push(this.bigrams.get(single) as number);
      for (let k = 0; k + 2 <= word.length; k++) {
        const i = this.bigrams.get(word.slice(k, k + 2));
        if (i !== undefined) out.push(i);
      }
    }
    const held = out.length ? out : NONE;
    this.memo.set(word, held);
    return held;
  }
}

const NONE: readonly number[] = [];

/**
 * The weighted share (0–1) of the terms that the passage's best sentence (or window of a long one) holds.
 * One pass over the passage's words, a few map look-ups each.
 */
export function sentenceCoverage(passage: string, terms: readonly RerankTerm[] | TermMatcher): number {
  const matcher = terms instanceof TermMatcher ? terms : new TermMatcher(terms);
  if (!matcher.total) return 0;
  // Each word's terms, sentence by sentence.
  const sentences: Array<Array<readonly number[]>> = [[]];
  for (const [token] of passage.toLowerCase().matchAll(TOKEN)) {
    const current = sentences[sentences.length - 1];
    if (SENTENCE_END.has(token[0])) {
      if (current.length) sentences.push([]);
      continue;
    }
    current.push(matcher.held(token));
  }
  const seen = new Int32Array(matcher.terms.length).fill(-1);
  let windowId = 0;
  let best = 0;
  for (const words of sentences) {
    for (let start = 0; start === 0 || start + WINDOW / 2 < words.length; start += WINDOW / 2) {
      const end = words.length > WINDOW ? Math.min(start + WINDOW, words.length) : words.length;
      let held = 0;
      for (let w = start; w < end; w++) {
        for (const i of words[w]) {
          if (seen[i] === windowId) continue;
          seen[i] = windowId;
          held += matcher.terms[i].weight;
        }
      }
      best = Math.max(best, held);
      windowId++;
    }
  }
  return best / matcher.total;
}

/**
 * Weight of the best sentence's coverage against the fused score. Fused scores differ by at most 2/61
 * (first in both rankings against found by neither), so a best sentence holding 7% more of the weighted
 * terms outranks any difference of ranks; between passages whose best sentences hold the same, the fused
 * ranks decide.
 */
export const COVERAGE_WEIGHT = 0.5;

/**
 * Reorders candidates (best fused score first) by fused score + COVERAGE_WEIGHT × best-sentence coverage,
 * keeping the first `pool` of them only (the others were never compared by sentence). Scores stay below 1,
 * under any phrase hit.
 */
export function rerankBySentence<T extends { text: string; score: number }>(candidates: readonly T[], terms: readonly RerankTerm[], pool: number): T[] {
  const top = candidates.slice(0, pool);
  if (!terms.length) return top;
  const matcher = new TermMatcher(terms);
  return top
    .map((c, i) => ({ c: { ...c, score: c.score + COVERAGE_WEIGHT * sentenceCoverage(c.text, matcher) }, i }))
    .sort((a, b) => b.c.score - a.c.score || a.i - b.i)
    .map(({ c }) => c);
}
