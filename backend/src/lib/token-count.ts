/**
 * Token counts with the model's tokenizer (gpt-tokenizer), in time linear in the text. The tokenizer merges
 * each word (a run without spaces) pair by pair, in time quadratic in the word: one cell of 40,000 Hangul
 * syllables or 'x's without a space blocked the event loop for 17 s or 2.4 s, and a request body holds
 * megabytes of them. A run longer than PIECE is counted in pieces of PIECE characters: a piece's edge can
 * split what would have been one token, so such text counts at most one token more per piece (0–3 % for
 * those runs; ordinary prose, numbers and spaced Korean never reach this path and count exactly).
 */
import { countTokens as bpeCount } from 'gpt-tokenizer';

const PIECE = 64;
/** A run of PIECE or more non-space characters, from its start (the lookbehind keeps the scan linear). */
const LONG_RUN = new RegExp(`(?<!\\S)\\S{${PIECE},}`, 'g');

export function countTokens(text: string): number {
  let n = 0;
  let last = 0;
  for (const m of text.matchAll(LONG_RUN)) {
    const start = m.index;
    n += bpeCount(text.slice(last, start));
    const end = start + m[0].length;
    for (let i = start; i < end;) {
      let stop = Math.min(end, i + PIECE);
      if (stop < end && /[\uD800-\uDBFF]/.test(text[stop - 1])) stop--; // keep a surrogate pair whole
      n += bpeCount(text.slice(i, stop));
      i = stop;
    }
    last = end;
  }
  return last ? n + bpeCount(text.slice(last)) : bpeCount(text);
}
