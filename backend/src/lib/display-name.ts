import { z } from 'zod';

/**
 * Characters that draw nothing on their own: controls, format characters (zero-width space, joiners, bidi
 * marks), separators and the Hangul fillers. A name made only of them would show as a blank.
 */
const VISIBLE = /[^\p{Cc}\p{Cf}\p{Z}\u115F\u1160\u3164\uFFA0]/u;

/**
 * A name people read (a category, a project, a user's own): trimmed and in NFC, so "매출" typed on macOS
 * (NFD, decomposed jamo) is stored, compared and length-limited as the same text typed on Windows; it needs
 * at least one visible character.
 */
export function displayName(max: number) {
  return z
    .string({ error: 'is required' })
    .trim()
    .normalize('NFC')
    // Blank as far as a reader can tell: refused as empty (and worded as such in every language).
    .overwrite((v) => (VISIBLE.test(v) ? v : ''))
    .min(1, 'is required')
    .max(max, `must be at most ${max} characters`);
}
