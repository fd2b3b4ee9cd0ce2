/**
 * Selected figures that the retrieved passages state: the check an analyst makes when asked to verify a
 * sheet against a report, done without a model. A passage's number matches a cell when they agree to the
 * precision the passage wrote ("9,100" is 9,100 ± 0.5, "11.2 percent" is 0.112 ± 0.0005 or 11.2 ± 0.05),
 * scaled by the word after it ("1.2 million"). Small whole numbers (page numbers, counts of a few) would
 * match by chance, so only figures with a fraction or of at least 100 are looked for.
 */
import { sentencesOf } from './citations.js';
import type { StoredPassage } from './context.js';
import { pointOf, type Point, type Series } from './stats.js';

export interface FigureMatch {
  series: Series;
  point: Point;
  passage: StoredPassage;
  /** The sentence of the passage that states the figure. */
  sentence: string;
}

interface Stated {
  value: number;
  /** Half the unit of the last digit written: how far the true figure may be from what was written. */
  tolerance: number;
  percent: boolean;
}

const SCALES: Record<string, number> = { thousand: 1e3, k: 1e3, million: 1e6, mn: 1e6, m: 1e6, billion: 1e9, bn: 1e9 };
const NUMBER = /(?<![\p{L}\p{N}.,])([-−]?)[$€£]?(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?(?![\p{N}])\s*(%|percent\b|per cent\b|thousand\b|k\b|million\b|mn\b|m\b|billion\b|bn\b)?/giu;

/** The numbers a sentence states, with the precision each was written to. */
export function statedNumbers(sentence: string): Stated[] {
  const out: Stated[] = [];
  for (const m of sentence.matchAll(NUMBER)) {
    const [, minus, whole, fraction = '', suffix = ''] = m;
    const word = suffix.toLowerCase();
    const percent = word === '%' || word.startsWith('per');
    const scale = SCALES[word] ?? 1;
    const value = Number(`${whole.replace(/,/g, '')}.${fraction || '0'}`) * scale * (minus ? -1 : 1);
    out.push({ value, tolerance: 0.5 * 10 ** -fraction.length * scale, percent });
  }
  return out;
}

/** Whether a cell's value is what the passage wrote: as is, or as a percentage of a fraction (0.112 = 11.2%). */
function agrees(cell: number, stated: Stated): boolean {
  if (Math.abs(cell - stated.value) <= stated.tolerance + 1e-9 * Math.abs(cell)) return true;
  return stated.percent && Math.abs(cell) < 10 && Math.abs(cell * 100 - stated.value) <= stated.tolerance + 1e-9;
}

const worthLooking = (v: number) => !Number.isInteger(v) || Math.abs(v) >= 100;

/** Sentence by sentence (a figure is quoted in the sentence that states it), each figure once, in passage order. */
export function figuresInPassages(series: Series[], passages: StoredPassage[], limit = 8): FigureMatch[] {
  const found: FigureMatch[] = [];
  const seen = new Set<string>();
  for (const passage of passages) {
    for (const sentence of sentencesOf(passage.text)) {
      const stated = statedNumbers(sentence);
      if (!stated.length) continue;
      for (const s of series) {
        s.values.forEach((value, i) => {
          const address = s.addresses[i];
          if (seen.has(address) || !worthLooking(value) || !stated.some((n) => agrees(value, n))) return;
          seen.add(address);
          found.push({ series: s, point: pointOf(s, i), passage, sentence });
        });
      }
    }
  }
  return found.slice(0, limit);
}

/** Formats whose passages are cells rather than prose. */
const TABULAR = new Set(['csv', 'xlsx']);

/**
 * Whether a spreadsheet passage holds the selected numbers themselves — it is the file the cells were
 * selected from (a CSV opened in the web app's table, an uploaded copy of the workbook) — so quoting it
 * as evidence about them would be circular. It must state at least two selected numbers, and they must
 * be half of the selection or half of what the passage states: a different sheet sharing a couple of
 * numbers by chance is still evidence.
 */
export function restatesSelection(passage: StoredPassage, series: Series[]): boolean {
  if (!passage.documentKind || !TABULAR.has(passage.documentKind)) return false;
  const selected = new Set(series.flatMap((s) => s.values).filter(worthLooking));
  if (selected.size < 2) return false;
  const stated = statedNumbers(passage.text).map((n) => n.value).filter(worthLooking);
  const hits = new Set(stated.filter((v) => selected.has(v))).size;
  return hits >= 2 && (2 * hits >= selected.size || 2 * hits >= new Set(stated).size);
}
