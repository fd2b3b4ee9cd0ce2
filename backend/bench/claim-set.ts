/**
 * Claims for the verifier, built from real passages of the corpus: for each, a one-sentence answer that
 * cites [P1] or [P2] of two passages, and whether it is true to what it cites.
 * - numeric, correct: a number from a prose sentence of P1 with the sentence's words nearest to it, citing P1
 *   (not a list item's number at the start of a line: "4. A package reads…" states no figure 4);
 * - numeric, fabricated: the same with the number changed (×1.37, or +7 below 10, written in the same
 *   style), or the true number cited to P2; either only when no number of the cited passage, however
 *   written ("1370", "10pt", "12%", "2021/04/18"), reads as that value to the precision the claim writes
 *   (10 is 9.5–10.5) — else the claim may be true of what it cites, and is not a fair fabrication;
 * - quoted, correct: 6–12 words quoted exactly from a sentence of P1 (a third of them across a line break
 *   of the passage, half in curly quotes; never a span that itself holds double quotes);
 * - quoted, fabricated: the same quote with one of its words changed.
 */
import type { StoredPassage } from '../src/analysis/context.js';
import { SYNONYMS } from './paraphrase.js';
import { comparable, proseSentence, splitSentences } from './sentences.js';
import { rng } from './support.js';

export interface ClaimCase {
  kind: 'numeric' | 'quoted';
  fabricated: boolean;
  /** How a fabricated claim was made (or "exact" for a correct one). */
  how: 'exact' | 'changed number' | 'wrong passage' | 'changed word';
  answer: string;
  passages: StoredPassage[];
}

/** A chunk of the ingested corpus as a passage an analysis would give the model. */
export type SourcePassage = Omit<StoredPassage, 'id'>;

/** A number standing alone: not part of a word, a version or a path, and not scaled by a word ("64 thousand"). */
const NUMBER = /(?<![\p{L}\p{N}.,/-])(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(?![\p{L}\p{N}]|[.,]\d|%|\s*(?:hundred|thousand|million|billion|trillion)\b)/gu;
const STOP = new Set('a an the of to in on at by for with and or is are be was were as that this these those it its from into can may will which than then there when if not no'.split(' '));
const REPLACEMENTS = ['never', 'always', 'only', 'other', 'manual', 'default', 'second', 'entire', 'global', 'visible'];

/** A number written like `like`: same decimals, thousands separated if it was. */
function formatLike(value: number, like: string): string {
  const decimals = /\.(\d+)$/.exec(like)?.[1].length ?? 0;
  const fixed = value.toFixed(decimals);
  if (!like.includes(',')) return fixed;
  const [int, frac] = fixed.split('.');
  return `${int.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}${frac ? `.${frac}` : ''}`;
}

/** A plausible wrong value: +7 for a one-digit whole number, else ×1.37 in the same style. */
export function fabricateNumber(original: string): string {
  const value = Number(original.replace(/,/g, ''));
  if (Number.isInteger(value) && value < 10 && !original.includes('.')) return String(value + 7);
  return formatLike(value * 1.37, original);
}

/** Every run of digits in a text, whatever is around it: what a reader could take a number to be. */
const DIGITS = /\d+(?:,\d{3})*(?:\.\d+)?/g;

/** Whether some number of `text` is `written` to the precision it is written to (a rounded "10" is 10.2). */
export function statesValue(text: string, written: string): boolean {
  const value = Number(written.replace(/,/g, ''));
  const half = 0.5 * 10 ** -(/\.(\d+)$/.exec(written)?.[1].length ?? 0);
  return (text.match(DIGITS) ?? []).some((d) => Math.abs(Number(d.replace(/,/g, '')) - value) <= half + 1e-9);
}

/** A list item's number at the start of a line or sentence ("4. A package reads this file"). */
const isOrdinal = (sentence: string, index: number, number: string) =>
  /(^|\n)[ \t]*$/.test(sentence.slice(0, index)) && /^[.)](\s|$)/.test(sentence.slice(index + number.length));

/** Prose sentences of a passage's text, each with where it starts in the text. */
function sentencesOf(text: string): Array<{ text: string; start: number }> {
  const out: Array<{ text: string; start: number }> = [];
  let from = 0;
  for (const paragraph of text.split(/\n\s*\n/)) {
    const at = text.indexOf(paragraph, from);
    from = at + paragraph.length;
    let offset = 0;
    for (const raw of splitSentences(paragraph)) {
      const start = paragraph.indexOf(raw, offset);
      offset = start + raw.length;
      if (proseSentence(raw.replace(/\s+/g, ' '), 6)) out.push({ text: raw, start: at + start });
    }
  }
  return out;
}

function numericCase(source: SourcePassage, other: SourcePassage, random: () => number, fabricated: boolean): ClaimCase | null {
  const candidates: Array<{ sentence: string; number: string; index: number }> = [];
  for (const s of sentencesOf(source.text)) {
    for (const m of s.text.matchAll(NUMBER)) {
      if (!isOrdinal(s.text, m.index ?? 0, m[0])) candidates.push({ sentence: s.text, number: m[0], index: m.index ?? 0 });
    }
  }
  if (!candidates.length) return null;
  const pick = candidates[Math.floor(random() * candidates.length)];
  // The subject: up to four content words of the sentence nearest to the number, in the sentence's order.
  const words = [...pick.sentence.matchAll(/\p{L}[\p{L}'-]*/gu)].filter((w) => w[0].length >= 3 && !STOP.has(w[0].toLowerCase()));
  const nearest = words.sort((a, b) => Math.abs((a.index ?? 0) - pick.index) - Math.abs((b.index ?? 0) - pick.index)).slice(0, 4).sort((a, b) => (a.index ?? 0) - (b.index ?? 0));
  if (nearest.length < 2) return null;
  const subject = nearest.map((w) => w[0]).join(' ');
  const passages = [{ id: 'P1', ...source }, { id: 'P2', ...other }];
  if (!fabricated) return { kind: 'numeric', fabricated, how: 'exact', answer: `According to the documentation, ${subject}: ${pick.number} [P1].`, passages };
  if (random() < 0.5) {
    const wrong = fabricateNumber(pick.number);
    if (statesValue(source.text, wrong)) return null;
    return { kind: 'numeric', fabricated, how: 'changed number', answer: `According to the documentation, ${subject}: ${wrong} [P1].`, passages };
  }
  if (statesValue(other.text, pick.number)) return null;
  return { kind: 'numeric', fabricated, how: 'wrong passage', answer: `According to the documentation, ${subject}: ${pick.number} [P2].`, passages };
}

function quotedCase(source: SourcePassage, other: SourcePassage, random: () => number, fabricated: boolean): ClaimCase | null {
  const sentences = sentencesOf(source.text).filter((s) => (s.text.match(/[\p{L}\p{N}]+/gu)?.length ?? 0) >= 8);
  if (!sentences.length) return null;
  const wantBreak = random() < 1 / 3;
  const pool = wantBreak && sentences.some((s) => s.text.includes('\n')) ? sentences.filter((s) => s.text.includes('\n')) : sentences;
  const sentence = pool[Math.floor(random() * pool.length)];
  const tokens = [...sentence.text.matchAll(/\S+/g)];
  const length = Math.min(tokens.length, 6 + Math.floor(random() * 7));
  let first = Math.floor(random() * (tokens.length - length + 1));
  if (wantBreak) {
    // Start the quote so that it spans the sentence's first line break.
    const breakAt = sentence.text.indexOf('\n');
    const before = tokens.findIndex((t) => (t.index ?? 0) > breakAt);
    if (before > 0) first = Math.max(0, Math.min(tokens.length - length, before - Math.ceil(length / 2)));
  }
  const span = tokens.slice(first, first + length);
  const start = span[0].index ?? 0;
  const last = span[span.length - 1];
  const raw = sentence.text.slice(start, (last.index ?? 0) + last[0].length).replace(/^["'“‘(]+|["'”’),;:.!?]+$/gu, '');
  // A quotation that holds double quotes cannot be quoted unambiguously in double quotes: not a fair case.
  if (/["“”]/.test(raw)) return null;
  let quote = raw.replace(/\s+/g, ' ');
  let how: ClaimCase['how'] = 'exact';
  if (fabricated) {
    const words = [...quote.matchAll(/\p{L}{4,}/gu)].filter((w) => (w.index ?? 0) > 0 && (w.index ?? 0) + w[0].length < quote.length);
    if (!words.length) return null;
    const w = words[Math.floor(random() * words.length)];
    const lower = w[0].toLowerCase();
    const unused = REPLACEMENTS.filter((r) => !comparable(quote).split(' ').includes(r));
    const replacement = SYNONYMS[lower] ?? unused[Math.floor(random() * unused.length)] ?? 'never';
    quote = `${quote.slice(0, w.index)}${replacement}${quote.slice((w.index ?? 0) + w[0].length)}`;
    if (` ${comparable(source.text)} `.includes(` ${comparable(quote)} `)) return null;
    how = 'changed word';
  }
  const [open, close] = random() < 0.5 ? ['“', '”'] : ['"', '"'];
  return { kind: 'quoted', fabricated, how, answer: `The documentation says ${open}${quote}${close} [P1].`, passages: [{ id: 'P1', ...source }, { id: 'P2', ...other }] };
}

/**
 * `perGroup` cases in each of the four groups (numeric/quoted × correct/fabricated), from passages drawn
 * with a fixed seed; a passage that cannot give a case of the group (no number in a prose sentence, no
 * sentence of eight words) is passed over.
 */
export function claimCases(passages: SourcePassage[], perGroup: number, seed = 31): ClaimCase[] {
  const random = rng(seed);
  const out: ClaimCase[] = [];
  for (const kind of ['numeric', 'quoted'] as const) {
    for (const fabricated of [false, true]) {
      let made = 0;
      for (let tries = 0; made < perGroup && tries < perGroup * 200; tries++) {
        const source = passages[Math.floor(random() * passages.length)];
        const other = passages[Math.floor(random() * passages.length)];
        if (source.chunkId === other.chunkId) continue;
        const c = kind === 'numeric' ? numericCase(source, other, random, fabricated) : quotedCase(source, other, random, fabricated);
        if (c) {
          out.push(c);
          made++;
        }
      }
    }
  }
  return out;
}
