/**
 * Selected figures that the retrieved passages state: the check an analyst makes when asked to verify a
 * sheet against a report, done without a model. A passage's number matches a cell when they agree to the
 * precision the passage wrote ("9,100" is 9,100 ± 0.5, "11.2 percent" is 0.112 ± 0.0005 or 11.2 ± 0.05),
 * scaled by the word after it ("1.2 million"). Small whole numbers (page numbers, counts of a few) would
 * match by chance, so only figures with a fraction or of at least 100 are looked for, and a number counts
 * only in a sentence that also speaks of the figure's label.
 */
import { labelPattern } from '../lib/regexp.js';
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

/** A stated number with where it stands in its sentence and how it was written. */
interface Placed extends Stated {
  start: number;
  text: string;
}

function placedNumbers(sentence: string): Placed[] {
  return parseNumbers(sentence)
    .filter((n) => n.unit !== 'date')
    .map((n) => ({ value: n.value, tolerance: n.tolerance, percent: n.percent, start: n.start, text: n.text }));
}

/** The numbers a sentence states, with the precision each was written to. */
export function statedNumbers(sentence: string): Stated[] {
  return placedNumbers(sentence).map(({ value, tolerance, percent }) => ({ value, tolerance, percent }));
}

/**
 * Whether a cell's value is what the passage wrote: as is, or as a percentage of a fraction (0.112 = 11.2%),
 * rounded to the digits written. A value exactly halfway (0.25 against "0.3") could round either way, so
 * it is not taken as stated. A whole number written plainly (no decimals, no scale word, no percent) is
 * not a rounding: "0" does not state 0.412, nor "1,200" 1,200.4.
 */
function agrees(cell: number, stated: Stated): boolean {
  const within = (x: number, y: number) => Math.abs(x - y) < stated.tolerance - 1e-9 * Math.max(Math.abs(x), stated.tolerance);
  if (stated.value === 0 && cell !== 0) return false;
  const plainWhole = !stated.percent && stated.tolerance === 0.5;
  if (within(cell, stated.value) && !(plainWhole && !Number.isInteger(cell))) return true;
  return stated.percent && Math.abs(cell) < 10 && within(cell * 100, stated.value);
}

const worthLooking = (v: number) => !Number.isInteger(v) || Math.abs(v) >= 100;

type RowNamer = (text: string, words: ReadonlySet<string>) => boolean;

/**
 * Whether a text names a row label. A label of words ("North", "Jan") is named by its subject words; one
 * without any ("2023", "Q1", "FY24") by itself, as a token of its own: "2023" in "In 2023" but not inside
 * "12,023" or "2023.5", and a one-character label not at all (an "A" row is every article).
 */
function rowNamer(label: string): RowNamer {
  const terms = subjectTerms(label);
  if (terms.length) return (_, words) => speaksOf(words, terms);
  const t = label.trim();
  if (t.length < 2) return () => false;
  const re = new RegExp(`(?<![\\p{L}\\p{N}]|[\\p{N}][.,])${labelPattern(t)}(?![\\p{L}\\p{N}]|[.,]\\p{N})`, 'iu');
  return (text) => re.test(text);
}

/** Each series' row namers, built once per series rather than once per number read. */
const namers = new WeakMap<Series, Array<RowNamer | null>>();
function rowNamers(s: Series): Array<RowNamer | null> {
  let out = namers.get(s);
  if (!out) namers.set(s, (out = s.rowLabels.map((label) => (label ? rowNamer(label) : null))));
  return out;
}

/**
 * A sentence's clauses, split at ", ", ";" and joining words ("and", "but", "while"): in "Revenue was
 * 1,500 in 2023, after a weak 2022" the 1,500 is 2023's, not 2022's.
 */
const CLAUSE_BREAK = /[,;]\s+|\s+(?:and|but|while|whereas)\s+/giu;

/** The clause of `text` around the character at `at`. */
function clauseAt(text: string, at: number): string {
  let from = 0;
  for (const m of text.matchAll(CLAUSE_BREAK)) {
    const i = m.index ?? 0;
    if (i >= at) return text.slice(from, i);
    from = i + m[0].length;
  }
  return text.slice(from);
}

/**
 * Which selected figures a number of a statement is about: a number alone is no evidence ("deliver 1200
 * units per month" does not state "Revenue 1,200"), so the statement must also speak of the figure's
 * subject — its row's label ("North", "2023") or its series' header ("Revenue", or a synonym such as
 * "sales"). A statement that names rows is about those rows only: the rows named in the number's own
 * clause (`near`), else in the whole statement, and it must name exactly one — a number beside two rows'
 * labels is not known to be either's. One that names another selected series, or another known quantity
 * ("North delivers 1200 units"), and not this one is about that. In a table the column's header says what
 * a number is: under a header that does not name the series ("Plan" beside a selected "Revenue"), it is
 * another measure.
 */
function aboutFigures(series: Series[], text: string, header: string, near = text): Array<(i: number) => boolean> {
  const words = subjectWords(text);
  const nearWords = near === text ? words : subjectWords(near);
  const headerWords = subjectWords(header);
  const byHeader = headerWords.size > 0;
  const terms = series.map((s) => subjectTerms(s.label));
  const named = terms.map((t) => speaksOf(byHeader ? headerWords : words, t));
  const otherSeriesNamed = (k: number) => named.some((n, j) => n && j !== k);
  return series.map((s, k) => {
    const rowsIn = (t: string, w: ReadonlySet<string>) => rowNamers(s).map((names) => (names ? names(t, w) : false));
    const inClause = rowsIn(near, nearWords);
    const rows = inClause.some(Boolean) ? inClause : near === text ? inClause : rowsIn(text, words);
    const namedLabels = new Set(s.rowLabels.filter((label, i) => rows[i]));
    const elsewhere = !named[k] && (byHeader || otherSeriesNamed(k) || speaksOfOtherMeasure(words, terms[k]));
    return (i) => !elsewhere && (namedLabels.size ? namedLabels.size === 1 && rows[i] : named[k]);
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

/** A passage's sentences as statements (sentencesOf ends a list item where the next line starts a sentence). */
function proseStatements(text: string): Statement[] {
  return sentencesOf(text).map((s) => ({ numbers: s, about: s, header: '', quote: s }));
}

/**
 * A passage as statements. Prose: each sentence. A spreadsheet passage ("Month | Plan\nJan | 1200 | Feb |
 * 1300"): each number cell, about the nearest text cell before it in its row ("Jan") under its column's
 * header ("Plan"), not about every label in the row: a row of twelve months would otherwise give each
 * number every month.
 */
function statementsOf(passage: StoredPassage): Statement[] {
  const lines = passage.text.split('\n').filter((l) => l.trim());
  const isRow = (line: string) => line.includes('|');
  if (!lines.some(isRow)) return proseStatements(passage.text);
  const first = lines[0].split(CELLS);
  const header = isRow(lines[0]) && first.every((c) => !statedNumbers(c).length) ? first : [];
  return lines.flatMap((line, n) => {
    if (!isRow(line)) return proseStatements(line);
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
 * cell and it speaks of the figure's label (`aboutFigures`), in that number's clause when the clause names
 * a row. A number written as a row's label ("In 2023") names the row; it states no figure.
 */
export function figuresInPassages(series: Series[], passages: StoredPassage[], limit = 8): FigureMatch[] {
  const found: FigureMatch[] = [];
  const seen = new Set<string>();
  const labels = new Set(series.flatMap((s) => s.rowLabels.filter((l): l is string => l !== null).map((l) => l.trim())));
  for (const passage of passages) {
    for (const statement of statementsOf(passage)) {
      const prose = statement.numbers === statement.about;
      for (const n of placedNumbers(statement.numbers)) {
        if (labels.has(n.text.trim())) continue;
        const about = aboutFigures(series, statement.about, statement.header, prose ? clauseAt(statement.about, n.start) : statement.about);
        series.forEach((s, k) => {
          s.values.forEach((value, i) => {
            const address = s.addresses[i];
            if (seen.has(address) || !worthLooking(value) || !agrees(value, n) || !about[k](i)) return;
            seen.add(address);
            found.push({ series: s, point: pointOf(s, i), passage, sentence: statement.quote });
          });
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
