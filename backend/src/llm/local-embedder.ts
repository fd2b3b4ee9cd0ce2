/**
 * The default embedder: deterministic, offline and fast. It is honest about what it is — a lexical model,
 * not a neural one: signed feature hashing (Weinberger et al., 2009) of
 *   - word unigrams (lower-cased, accents folded, a light plural stem), stop words down-weighted,
 *   - word bigrams of neighbouring content words,
 *   - character 3-grams of each word (with word-boundary marks), for inflections and typos,
 *   - syllable bigrams of each Hangul run ("매출은" → 매출 출은, digits written onto it included): Korean
 *     attaches particles to nouns, so "매출" and "매출은" share no word and, decomposed, few 3-grams,
 * into `dim` buckets with a hash-derived sign, then L2-normalised, so cosine similarity approximates a
 * weighted lexical overlap. It pairs with Postgres full-text search in hybrid retrieval.
 *
 * The Hangul bigrams came after documents were stored under the model name `local-hash-v1`; they change
 * the vector of a text with Hangul only, so migration 018 marks the documents with Hangul text as embedded
 * by an older model (re-embedded at the worker's start) and every other stored vector stays exact.
 *
 * Everything is computed on char codes with 32-bit FNV-1a/murmur mixing; no strings are allocated per
 * feature, which keeps it at tens of thousands of chunks per second on one core.
 */
import type { Embedder, EmbedResult } from './embedder.js';

const STOP_WORDS = new Set(
  (
    'a an and are as at be been but by for from has have he her his i in into is it its me my no not of on or ' +
    'our she so than that the their them then there these they this to was we were what when where which who ' +
    'will with you your do does did can could would should may might must shall about above after again all ' +
    'also am any because before being below between both during each few further here how if just more most ' +
    'now only other over own same some such through too under until up very while why'
  ).split(' '),
);

const WORD_WEIGHT = 1;
const STOP_WEIGHT = 0.15;
const BIGRAM_WEIGHT = 0.6;
const TRIGRAM_WEIGHT = 0.2;
/** A Hangul syllable bigram weighs as a word: Korean nouns are one or two of them ("서울", "매출"). */
const HANGUL_BIGRAM_WEIGHT = 1;

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** Murmur3's finaliser. Hashes stay int32 (not `>>> 0`) so V8 keeps them unboxed; the bits are the same. */
function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

const WORD_RE = /[\p{L}\p{N}]+/gu;

export class LocalEmbedder implements Embedder {
  readonly provider = 'local' as const;

  constructor(
    readonly model: string,
    private readonly dimension: number,
  ) {}

  async dim(): Promise<number> {
    return this.dimension;
  }

  async embed(texts: string[]): Promise<EmbedResult> {
    return { vectors: texts.map((t) => this.embedOne(t)), calls: [] };
  }

  /** One text → one unit vector (all zeros for a text without a single word). */
  embedOne(text: string): Float32Array {
    if (NON_ASCII.test(text)) {
      const v = addWords(new Float32Array(this.dimension), unicodeWords(text));
      if (HANGUL.test(text)) addHangulBigrams(v, text);
      return normalise(v);
    }
    const v = new Float32Array(this.dimension);
    addAsciiWords(v, text);
    return normalise(v);
  }

  /** The vector of a text's words (see `unicodeWords`), one string each: the general path. */
  embedWords(list: string[]): Float32Array {
    return normalise(addWords(new Float32Array(this.dimension), list));
  }
}

/** The current word's char codes (stemmed in place by shortening its length). */
let word = new Uint16Array(64);

function pushCode(len: number, c: number): void {
  if (len === word.length) {
    const bigger = new Uint16Array(len * 2);
    bigger.set(word);
    word = bigger;
  }
  word[len] = c;
}

function addWords(v: Float32Array, list: string[]): Float32Array {
  let prev = 0;
  for (const w of list) {
    for (let i = 0; i < w.length; i++) pushCode(i, w.charCodeAt(i));
    prev = addWord(v, w.length, prev);
  }
  return v;
}

/**
 * ASCII text, most of what is uploaded, is scanned by char code: its words are the runs of [a-z0-9] once
 * A–Z are lower-cased (what `unicodeWords` finds there), fed to addWord without a string or a match per word (a
 * fifth less time per chunk). Same features in the same order, so the same float32 sums (tested).
 */
function addAsciiWords(v: Float32Array, text: string): void {
  let prev = 0;
  let len = 0;
  for (let i = 0, n = text.length; i <= n; i++) {
    let c = i < n ? text.charCodeAt(i) : 0;
    if (c >= 65 && c <= 90) c |= 0x20;
    if ((c >= 97 && c <= 122) || (c >= 48 && c <= 57)) {
      pushCode(len++, c);
    } else if (len) {
      prev = addWord(v, len, prev);
      len = 0;
    }
  }
}

/**
 * Adds the features of the word in `word[0..len)` to `v`; returns the hash the next word's bigram pairs
 * with (`prev` unchanged after a stop word, 0 = none).
 */
function addWord(v: Float32Array, len: number, prev: number): number {
  const dim = v.length;
  if (len > 4 && word[len - 1] === 0x73 && word[len - 2] !== 0x73) len--; // a light plural stem: -s, not -ss
  let h = FNV_OFFSET;
  for (let i = 0; i < len; i++) h = Math.imul(h ^ word[i], FNV_PRIME);
  const stop = isStopWord(h, len);
  add(v, dim, fmix(h), stop ? STOP_WEIGHT : WORD_WEIGHT);
  if (stop) return prev;
  if (prev) add(v, dim, fmix(((Math.imul(prev, 31) ^ h) + 0x9e3779b9) | 0), BIGRAM_WEIGHT);
  if (len < 3) return h;
  // Character 3-grams over "^word$" (0x5e/0x24 as boundary marks).
  const n = len + 2;
  for (let i = 0; i + 3 <= n; i++) {
    let g = 0x7f4a7c15;
    for (let j = i; j < i + 3; j++) {
      const c = j === 0 ? 0x5e : j === n - 1 ? 0x24 : word[j - 1];
      g = Math.imul(g ^ c, FNV_PRIME);
    }
    add(v, dim, fmix(g ^ 0x51ed270b), TRIGRAM_WEIGHT);
  }
  return h;
}

function fnv(s: string): number {
  let h = FNV_OFFSET;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), FNV_PRIME);
  return h;
}

/** Stop words by their FNV hash; a hit is confirmed char by char, so a colliding word is never a stop word. */
const STOP_BY_HASH = new Map([...STOP_WORDS].map((w) => [fnv(w), w]));

function isStopWord(h: number, len: number): boolean {
  const stop = STOP_BY_HASH.get(h);
  if (stop === undefined || stop.length !== len) return false;
  for (let i = 0; i < len; i++) if (stop.charCodeAt(i) !== word[i]) return false;
  return true;
}

function normalise(v: Float32Array): Float32Array {
  let norm = 0;
  for (let i = 0; i < v.length; i++) norm += v[i] * v[i];
  if (norm > 0) {
    const inv = 1 / Math.sqrt(norm);
    for (let i = 0; i < v.length; i++) v[i] *= inv;
  }
  return v;
}

const NON_ASCII = /[\u0080-\uffff]/;
const HANGUL = /[\uAC00-\uD7A3]/;
/** As retrieval/query.ts's HANGUL_RUN: Hangul syllables with the digits written onto them. */
const HANGUL_RUN = /[0-9]*[\uAC00-\uD7A3][0-9\uAC00-\uD7A3]*/g;

/** Adds the syllable bigrams of each Hangul run (a one-syllable run as itself), before NFKD splits them into jamo. */
function addHangulBigrams(v: Float32Array, text: string): void {
  for (const [run] of text.normalize('NFC').matchAll(HANGUL_RUN)) {
    const last = Math.max(run.length - 2, 0);
    for (let i = 0; i <= last; i++) {
      let g = 0x2545f491;
      for (let j = i; j < Math.min(i + 2, run.length); j++) g = Math.imul(g ^ run.charCodeAt(j), FNV_PRIME);
      add(v, v.length, fmix(g ^ 0x6c8e9cf5), HANGUL_BIGRAM_WEIGHT);
    }
  }
}
const COMBINING_MARKS = /[\u0300-\u036f]/g;

/** The words of a text: lower-cased runs of letters and digits, accents folded (NFKD, marks dropped). */
export function unicodeWords(text: string): string[] {
  return text.normalize('NFKD').replace(COMBINING_MARKS, '').toLowerCase().match(WORD_RE) ?? [];
}

function add(v: Float32Array, dim: number, h: number, weight: number): void {
  // Low bits pick the bucket, the top bit the sign, so colliding features cancel out on average.
  v[(h & 0x7fffffff) % dim] += h < 0 ? -weight : weight;
}
