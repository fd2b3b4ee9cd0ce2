/**
 * The citation protocol: the model cites passage ids ([P1], [P2, P5]) and cells by A1 reference ([B2],
 * [B2:B9], [Sheet2!C4], also inside one bracket: [P1, B2]); each cited passage id that was given maps to
 * its document, page and a quote; passage ids that were not given are dropped from the answer and
 * recorded. Cell references are kept as written: the claim check reads them.
 */
import type { StoredCitation } from '../contract/analysis.js';
import { parseA1 } from './a1.js';
import type { StoredPassage } from './context.js';
import { keywords } from './context.js';

export type Citation = StoredCitation;

const MARKER = /\[([^\]\n]{1,300})\]/g;
const PASSAGE_ID = /^P\d+$/;

/** Words a wrapped line may end on mid-sentence; a line ending on one is not a heading. */
const CONTINUES = /\b(a|an|and|as|at|by|for|from|in|into|of|on|or|the|to|with)$/i;

/**
 * A line that reads as a heading ("Revenue notes", "3.2 Risks"): short, capitalised, without closing
 * punctuation, not ending on a joining word, and followed by a capitalised line. Extracted text keeps a
 * page's line breaks, and a heading glued to the next sentence makes a poor quote.
 */
function isHeading(line: string, next: string): boolean {
  const t = line.trim();
  return t.length > 0 && t.length <= 60 && t.split(/\s+/).length <= 8 && /^[\p{Lu}\p{N}]/u.test(t) && !/[.,;:!?\-–—]$/.test(t) && !CONTINUES.test(t) && /^\s*[\p{Lu}\p{N}]/u.test(next);
}

/**
 * A list item's start: "- ", "• ", "1. ", "가. ", "① ". Reports written in items (Korean 개조식 above all)
 * end their lines without full stops; each item is a statement of its own.
 */
const LIST_ITEM = /^\s*(?:[-*•·▪◦‣○●■□※]|\d{1,2}[.)]|[가-하][.)]|[①-⑳])\s/u;

/**
 * Whether a list item ends at the end of `line`: the next line starts a sentence of its own (a capital or
 * a digit) and the item does not run on (a joining word, a comma) into it.
 */
function itemEnds(current: string[], line: string, next: string): boolean {
  return LIST_ITEM.test(current[0] ?? '') && /^\s*[\p{Lu}\p{N}]/u.test(next) && !CONTINUES.test(line.trim()) && !/[,;:\-–—]$/.test(line.trim());
}

/** A passage's sentences, trimmed, empty ones dropped; a heading line and a list item are sentences of their own. */
export function sentencesOf(text: string): string[] {
  const lines = text.split('\n');
  const blocks: string[] = [];
  let current: string[] = [];
  lines.forEach((line, i) => {
    current.push(line);
    if (i + 1 < lines.length && (isHeading(line, lines[i + 1]) || LIST_ITEM.test(lines[i + 1]) || itemEnds(current, line, lines[i + 1]))) {
      blocks.push(current.join('\n'));
      current = [];
    }
  });
  blocks.push(current.join('\n'));
  return blocks.flatMap((b) => b.split(/(?<=[.!?])\s+/)).map((s) => s.trim()).filter(Boolean);
}

/** A quote on one line (a passage's line breaks are the page's, not the sentence's), 300 characters at most. */
export function clipQuote(quote: string): string {
  const line = quote.replace(/\s*\n\s*/g, ' ');
  return line.length > 300 ? `${line.slice(0, 297)}…` : line;
}

/**
 * The sentence of a passage that shares most words with `context` (≤ 300 characters). A line without
 * closing punctuation (a heading) loses a tie to a sentence: "Warehouse lease summary" says less than
 * the sentence under it with as many of the words.
 */
export function bestQuote(text: string, context: string): string {
  const sentences = sentencesOf(text);
  const words = new Set(keywords(context, 40));
  let best = sentences[0] ?? text;
  let bestScore = -1;
  for (const s of sentences) {
    const score = keywords(s, 60).filter((w) => words.has(w)).length - (/[.!?]["”’')\]]?$/.test(s) ? 0 : 0.5);
    if (score > bestScore) {
      best = s;
      bestScore = score;
    }
  }
  return clipQuote(best);
}

export function extractCitations(answer: string, passages: StoredPassage[], question: string): { answer: string; citations: Citation[]; dropped: string[] } {
  const byId = new Map(passages.map((p) => [p.id, p]));
  const cited: string[] = [];
  const dropped: string[] = [];
  const cleaned = answer.replace(MARKER, (whole, list: string) => {
    const ids = list.split(',').map((s) => s.trim());
    // Only a bracket of references is a citation ("[sic]" is prose), and one without a passage id is cells only.
    if (!ids.every((id) => PASSAGE_ID.test(id) || parseA1(id)) || !ids.some((id) => PASSAGE_ID.test(id))) return whole;
    const kept = ids.filter((id) => {
      if (!PASSAGE_ID.test(id)) return true;
      if (byId.has(id)) {
        if (!cited.includes(id)) cited.push(id);
        return true;
      }
      if (!dropped.includes(id)) dropped.push(id);
      return false;
    });
    return kept.length ? `[${kept.join(', ')}]` : '';
  });
  const citations = cited.map((id) => {
    const p = byId.get(id) as StoredPassage;
    // The sentence around the marker is the best hint of what the passage was cited for.
    const around = answer.slice(Math.max(0, answer.indexOf(`${id}`) - 300), answer.indexOf(`${id}`));
    return { id, documentId: p.documentId, documentName: p.documentName, page: p.page, location: p.location, quote: bestQuote(p.text, `${around} ${question}`), ocr: p.ocr ?? false };
  });
  let tidy = cleaned.replace(/[ \t]+\n/g, '\n').replace(/ {2,}/g, ' ');
  // A dropped marker leaves a space before the full stop it stood at ("doubled [P9]." → "doubled .").
  if (dropped.length) tidy = tidy.replace(/ +(?=[.,;:!?](?:\s|$))/g, '');
  return { answer: tidy, citations, dropped };
}
