/**
 * Selected figures that the retrieved passages state: the check an analyst makes when asked to verify a
 * sheet against a report, done without a model. A passage's number matches a cell when they agree to the
 * precision the passage wrote ("9,100" is 9,100 ± 0.5, "11.2 percent" is 0.112 ± 0.0005 or 11.2 ± 0.05),
 * scaled by the word after it ("1.2 million"). Small whole numbers (page numbers, counts of a few) would
 * match by chance, so only figures with a fraction or of at least 100 are looked for, and a number counts
 * only in a sentence that also speaks of the figure's label.
 */
import { sentencesOf } from './citations.js';
import type { StoredPassage } from './context.js';
import { parseNumbers } from './numbers.js';
import { speaksOf, speaksOfOtherMeasure, subjectTerms, subjectWords } from './labels.js';
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

/** The numbers a sentence states, with the precision each was written to. */
export function statedNumbers(sentence: string): Stated[] {
  return parseNumbers(sentence)
    .filter((n) => n.unit !== 'date')
    .map((n) => ({ value: n.value, tolerance: n.tolerance, percent: n.percent }));
}

/** Whether a cell's value is what the passage wrote: as is, or as a percentage of a fraction (0.112 = 11.2%). */
function agrees(cell: number, stated: Stated): boolean {
  if (Math.abs(cell - stated.value) <= stated.tolerance + 1e-9 * Math.abs(cell)) return true;
  return stated.percent && Math.abs(cell) < 10 && Math.abs(cell * 100 - stated.value) <= stated.tolerance + 1e-9;
}

const worthLooking = (v: number) => !Number.isInteger(v) || Math.abs(v) >= 100;

/**
 * Which selected figures a statement is about: a number alone is no evidence ("deliver 1200 units per
 * month" does not state "Revenue 1,200"), so the statement must also speak of the figure's subject — its
 * row's label ("North") or its series' header ("Revenue", or a synonym such as "sales"). A statement that
 * names another row of the series and not this one is about that row; one that names another selected
 * series, or another known quantity ("North delivers 1200 units"), and not this one is about that. In a
 * table the column's header says what a number is: under a header that does not name the series ("Plan"
 * beside a selected "Revenue"), it is another measure.
 */
function aboutFigures(series: Series[], text: string, header: string): Array<(i: number) => boolean> {
  const words = subjectWords(text);
  const headerWords = subjectWords(header);
  const byHeader = headerWords.size > 0;
  const terms = series.map((s) => subjectTerms(s.label));
  const named = terms.map((t) => speaksOf(byHeader ? headerWords : words, t));
  const otherSeriesNamed = (k: number) => named.some((n, j) => n && j !== k);
  return series.map((s, k) => {
    const rows = s.rowLabels.map((label) => (label ? speaksOf(words, subjectTerms(label)) : false));
    const anyRow = rows.some(Boolean);
    const elsewhere = !named[k] && (byHeader || otherSeriesNamed(k) || speaksOfOtherMeasure(words, terms[k]));
    return (i) => !elsewhere && (rows[i] || (named[k] && !anyRow));
  });
}

/** What one number is read from: its text, the words that say what it is about, and the quote shown for it. */
interface Statement {
  numbers: string;
  about: string;
  /** A table's column header over the number, or "" in prose. */
  header: string;
  quote: string;
}

const CELLS = /\s*\|\s*/;

/**
 * A passage as statements. Prose: each sentence. A spreadsheet passage ("Month | Plan\nJan | 1200 | Feb |
 * 1300"): each number cell, about the nearest text cell before it in its row ("Jan") under its column's
 * header ("Plan"), not about every label in the row: a row of twelve months would otherwise give each
 * number every month.
 */
function statementsOf(passage: StoredPassage): Statement[] {
  const lines = passage.text.split('\n').filter((l) => l.trim());
  const isRow = (line: string) => line.includes('|');
  if (!lines.some(isRow)) return sentencesOf(passage.text).map((s) => ({ numbers: s, about: s, header: '', quote: s }));
  const first = lines[0].split(CELLS);
  const header = isRow(lines[0]) && first.every((c) => !statedNumbers(c).length) ? first : [];
  return lines.flatMap((line, n) => {
    if (!isRow(line)) return sentencesOf(line).map((s) => ({ numbers: s, about: s, header: '', quote: s }));
    if (n === 0 && header.length) return [];
    const cells = line.split(CELLS);
    return cells.flatMap((cell, c) => {
      if (!statedNumbers(cell).length) return [];
      const label = cells.slice(0, c).reverse().find((t) => t && !statedNumbers(t).length) ?? '';
      return [{ numbers: cell, about: label, header: header[c] ?? '', quote: line.trim() }];
    });
  });
}

/**
 * Statement by statement (a figure is quoted in the sentence or table row that states it), each figure
 * once, in passage order: a statement states a selected figure when one of its numbers agrees with the
 * cell and it speaks of the figure's label (`aboutFigures`).
 */
export function figuresInPassages(series: Series[], passages: StoredPassage[], limit = 8): FigureMatch[] {
  const found: FigureMatch[] = [];
  const seen = new Set<string>();
  for (const passage of passages) {
    for (const statement of statementsOf(passage)) {
      const stated = statedNumbers(statement.numbers);
      if (!stated.length) continue;
      const about = aboutFigures(series, statement.about, statement.header);
      series.forEach((s, k) => {
        s.values.forEach((value, i) => {
          const address = s.addresses[i];
          if (seen.has(address) || !worthLooking(value) || !stated.some((n) => agrees(value, n)) || !about[k](i)) return;
          seen.add(address);
          found.push({ series: s, point: pointOf(s, i), passage, sentence: statement.quote });
        });
      });
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
