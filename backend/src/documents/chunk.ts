/**
 * Token-window chunking inside each unit (page, sheet range, ...): a chunk never crosses a unit, so its
 * page is exact, and it keeps character offsets into the unit's text so a citation can quote it.
 *
 * Tokens are counted with a fast estimate — each run of letters/digits and each other non-space character
 * is one token — which tracks BPE counts for prose closely enough to size chunks, at a fraction of the
 * cost of running a BPE tokenizer over every document. A window ends at a sentence end when one falls in
 * its last quarter, and the next starts `overlap` tokens earlier.
 */
import type { Unit } from './extract/index.js';

export interface ChunkDraft {
  page: number | null;
  location: string;
  text: string;
  /** Offsets into the unit's text. */
  charStart: number;
  charEnd: number;
  tokenCount: number;
}

export interface ChunkOptions {
  maxTokens: number;
  overlap: number;
}

export const DEFAULT_CHUNKING: ChunkOptions = { maxTokens: 256, overlap: 40 };

const TOKEN_RE = /[\p{L}\p{N}]+|[^\s\p{L}\p{N}]/gu;
const SENTENCE_END = /^[.!?;]$/;

export function chunkUnits(units: Unit[], options: ChunkOptions = DEFAULT_CHUNKING): ChunkDraft[] {
  const out: ChunkDraft[] = [];
  for (const unit of units) {
    const starts: number[] = [];
    const ends: number[] = [];
    for (const m of unit.text.matchAll(TOKEN_RE)) {
      starts.push(m.index);
      ends.push(m.index + m[0].length);
    }
    const n = starts.length;
    let i = 0;
    while (i < n) {
      let j = Math.min(n, i + options.maxTokens);
      if (j < n) {
        // Prefer to end after a sentence in the window's last quarter.
        for (let k = j - 1; k > i + (options.maxTokens * 3) / 4; k--) {
          if (SENTENCE_END.test(unit.text.slice(starts[k], ends[k]))) {
            j = k + 1;
            break;
          }
        }
      }
      const charStart = starts[i];
      const charEnd = ends[j - 1];
      out.push({ page: unit.page, location: unit.location, text: unit.text.slice(charStart, charEnd), charStart, charEnd, tokenCount: j - i });
      if (j >= n) break;
      i = Math.max(i + 1, j - options.overlap);
    }
  }
  return out;
}
