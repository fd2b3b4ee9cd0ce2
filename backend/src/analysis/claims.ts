/**
 * The deterministic check of what an answer WRITES (issue 25): the answer is cut into statements (sentences,
 * bullet items, table rows), and every number and every quotation in a statement must be found in what it
 * cites — a cell ([B2], [B2:B9], [Sheet2!C4]) or a passage ([P1]) — next to the words of its subject. A
 * figure computed from the cited cells (a sum, a mean, a % change…) counts, with the computation named.
 * Nothing is dropped: an unsupported statement stays in the answer, marked, with a reason a user can read,
 * in the question's language: the check reasons in structures (a computation's kind, a cell's labels) and
 * claim-words.ts puts the words to them when a reason or a note is written.
 * Pure: no database, no I/O (a benchmark calls `checkClaims` directly).
 */
import type { Claim, ClaimSource } from '../contract/analysis.js';
import { comparableText, normalizeText } from '../lib/normalize-text.js';
import { labelPattern } from '../lib/regexp.js';
import type { Language } from '../prompts/language.js';
import { cellAddress, parseA1 } from './a1.js';
import { claimWords, type ClaimWords, type Computation, type LabelConflict, type PairKind, type SeriesKind, type ValueKind, type Values } from './claim-words.js';
import { sentencesOf } from './citations.js';
import { keywords, type StoredPassage } from './context.js';
import { labelTerms, measuresOf, stem, subjectWords } from './labels.js';
import { cellNumber, parseNumbers, type ParsedNumber } from './numbers.js';
import type { Selection } from './schema.js';
import { headersOf, numericColumns, numericRows, rowNamesOf, withSharedHeaders, type Series } from './stats.js';

export type { Claim, ClaimSource };

// ─── Statements ────────────────────────────────────────────────────────────────────────────────────

interface Statement {
  /** The sentence as it stands in the answer. */
  text: string;
  /** The heading or table header it stands under: part of its subject, and its cells are cited by it too. */
  context: string;
  /** A heading: a statement only when it holds a figure or a quote. */
  heading: boolean;
}

/** Abbreviations a sentence does not end on ("e.g. C7", "p. 2"). */
const ABBREVIATION = /(?:^|[\s(])(?:e\.g|i\.e|p|pp|vs|approx|etc|no|fig|ca|cf)\.$/i;
/**
 * What stands before a number without ending a sentence: an abbreviation that numbers a thing ("Vol. 3",
 * "Sec. 4", "Dec. 5, 2024"), an initialism ("U.S. 500", "a.m. 9") or an ellipsis.
 */
const BEFORE_NUMBER = /(?:(?:^|[\s(])(?:nos?|nr|vol|ch|chap|sec|art|para|eq|ref|rs|tab|figs|est|avg|min|max|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)|(?:^|[\s(])(?:\p{L}\.)+\p{L}|\.\.)\.$/iu;

/**
 * A line's sentences; citation markers after a full stop stay with the sentence they close, and a quote
 * followed by its attribution ("…" — report.pdf, p. 2 [P1]) is one statement.
 */
function sentencesOfLine(line: string): string[] {
  const parts: string[] = [];
  let start = 0;
  const end = /[.!?。](["'”’)]*)(\s*(?:\[[^\]\n]*\]\s*)*)\s+(?=\S)/gu;
  for (const m of line.matchAll(end)) {
    const stop = (m.index ?? 0) + 1 + m[1].length;
    const next = line[(m.index ?? 0) + m[0].length];
    const before = line.slice(start, (m.index ?? 0) + 1);
    // A list item's number ("… rose. 2. Costs fell.") is not a sentence of its own.
    if (ABBREVIATION.test(before) || /^\d{1,2}\.$/.test(before.trim()) || /[a-z,;:—–-]/.test(next)) continue;
    // A sentence may start with a number ("3월 매출은 …", "2024 was flat."); not after "Vol.", "U.S." or "…".
    if (/\d/.test(next) && BEFORE_NUMBER.test(before.trim())) continue;
    // A full stop inside a quotation ("… at begin manual. And …") does not end the sentence that quotes it.
    if (insideQuote(line.slice(start, (m.index ?? 0) + 1))) continue;
    parts.push(line.slice(start, stop + m[2].trimEnd().length).trim());
    start = (m.index ?? 0) + m[0].length;
  }
  parts.push(line.slice(start).trim());
  return parts.filter((p) => /[\p{L}\p{N}]/u.test(p));
}

/** Whether a quotation opened in `text` is still open at its end. */
function insideQuote(text: string): boolean {
  const straight = (text.match(/"/g) ?? []).length;
  return straight % 2 === 1 || (text.match(/“/g) ?? []).length > (text.match(/”/g) ?? []).length;
}

/** A markdown table's rule line ("|---|:--:|"); tested without a regex that backtracks on long dash runs. */
const isTableRule = (line: string) => /^[\s:|-]*$/.test(line) && line.includes('--');
const BULLET = /^(?:[-*+•]|\d{1,2}[.)])\s+/;
/** A whole line in italics: the local analyst's disclaimer and notes, not statements about the data. */
const ITALIC_LINE = /^(?:_[^_].*_|\*[^*].*\*)$/;
const BOILERPLATE = /^(?:question|task|prompt|selection|질문|과제)\s*:/i;

/** The answer's statements, markdown tables, bullets and headings included, boilerplate left out. */
export function statementsOf(answer: string): Statement[] {
  const out: Statement[] = [];
  const lines = answer.split('\n');
  let heading = '';
  let tableHeader = '';
  lines.forEach((raw, i) => {
    const line = raw.trim();
    if (!line) return;
    if (line.startsWith('|')) {
      if (isTableRule(line)) return;
      if (isTableRule(lines[i + 1]?.trim() ?? '')) {
        tableHeader = line.replace(/\|/g, ' ');
        return;
      }
      out.push({ text: line, context: `${heading} ${tableHeader}`, heading: false });
      return;
    }
    tableHeader = '';
    if (ITALIC_LINE.test(line) || BOILERPLATE.test(line)) return;
    const md = /^#{1,6}\s+(.*)$/.exec(line);
    // A bold lead line without a closing full stop ("**Revenue ($)** (B2:B7, 6 numbers)") heads what follows.
    const lead = !md && /^\*\*[^*]+\*\*/.test(line) && !/[.!?]$/.test(line);
    if (md || lead || (/:$/.test(line) && !BULLET.test(line))) {
      heading = md ? md[1] : line;
      out.push({ text: line, context: '', heading: true });
      return;
    }
    const body = line.replace(BULLET, '');
    for (const sentence of sentencesOfLine(body)) out.push({ text: sentence, context: heading, heading: false });
  });
  return out;
}

// ─── The selection's cells ────────────────────────────────────────────────────────────────────────────

interface Cell {
  /** "Sales!B2" */
  key: string;
  address: string;
  number: ParsedNumber | null;
  text: string;
  header: string | null;
  rowLabel: string | null;
  /** Numbers its labels and its text name ("2023", "Week 3", "Sales Q1 2024"): years and ordinals as labels. */
  labelNumbers: ParsedNumber[];
}

interface SheetIndex {
  defaultSheet: string;
  cells: Map<string, Cell>;
  /** Stems of every column header and row label of the selection: a claim naming one names its subject. */
  headerTerms: Set<string>;
  rowTerms: Set<string>;
  /** Row labels that are numbers (years): compared as written. */
  rowNumbers: Set<string>;
  /** The selection's series as the analyst reads them, each with its spans and cells keyed by sheet. */
  series: Array<{ series: Series; spans: string[]; cells: Array<Cell | undefined> }>;
  /** The row labels and headers that hold digits among words ("Week 15", "2016년 7월", "FY16 Q1"), as written. */
  numberedLabels: RegExp | null;
  /** Those that are row labels, normalised (`labelKey`). */
  numberedRows: Set<string>;
  /** Every row label as written, trimmed: what a sentence may leave out by name ("excluding May"). */
  rowLabels: Set<string>;
}

/** A label compared as written, case and spacing aside. */
const labelKey = (label: string) => label.trim().toLowerCase().replace(/\s+/g, ' ');

const sheetKey = (sheet: string) => sheet.toLowerCase();
const keyOf = (sheet: string, address: string) => `${sheetKey(sheet)}!${address}`;

/** Years written into a label's words ("FY2024", "2024Q1"), which are not figures of their own. */
function gluedYears(label: string): ParsedNumber[] {
  return [...label.matchAll(/(?<=\p{L})((?:19|20)\d\d)(?!\p{N})|(?<![\p{L}\p{N}])((?:19|20)\d\d)(?=\p{L})/gu)].map((m) => {
    const text = m[1] ?? m[2];
    const start = (m.index ?? 0);
    return { value: Number(text), tolerance: 0.5, percent: false, unit: null, year: true, start, end: start + 4, text };
  });
}

function indexSelection(selection: Selection): SheetIndex {
  const index: SheetIndex = { defaultSheet: selection.sheet, cells: new Map(), headerTerms: new Set(), rowTerms: new Set(), rowNumbers: new Set(), series: [], numberedLabels: null, numberedRows: new Set(), rowLabels: new Set() };
  const numbered = new Set<string>();
  const shared = withSharedHeaders(selection.ranges);
  // Rows are named as the analyst names them: by the area's label column, or by a label area selected beside it.
  const rowNames = rowNamesOf(shared, selection.sheet);
  shared.forEach((range, i) => {
    const a1 = parseA1(range.address);
    if (!a1) return;
    const sheet = a1.sheet ?? selection.sheet;
    const { names, bodyStart } = headersOf(range, a1);
    const named = range.headers !== undefined || bodyStart > 0;
    const key = rowNames.get(i);
    range.values.forEach((row, r) => {
      row.forEach((v, c) => {
        const address = cellAddress(a1, r, c);
        const body = r >= bodyStart && c !== key?.column;
        const header = body && named ? names[c] : null;
        const rowLabel = body && key ? key.label(r) : null;
        if (header) termsOfLabel(header).forEach((t) => index.headerTerms.add(t));
        for (const l of [header, rowLabel]) if (l && l.length <= 40 && /\d/.test(l) && /\p{L}/u.test(l)) numbered.add(l.trim());
        if (rowLabel && numbered.has(rowLabel.trim())) index.numberedRows.add(labelKey(rowLabel));
        if (rowLabel) {
          index.rowLabels.add(rowLabel.trim());
          termsOfLabel(rowLabel).forEach((t) => index.rowTerms.add(t));
          if (/^\d{4}$/.test(rowLabel)) index.rowNumbers.add(rowLabel);
        }
        const text = typeof v === 'string' ? v : '';
        const labelNumbers = [header, rowLabel, text, sheet].flatMap((t) => (t ? [...parseNumbers(t), ...gluedYears(t)] : []));
        index.cells.set(keyOf(sheet, address), { key: `${sheet}!${address}`, address, number: cellNumber(v), text, header, rowLabel, labelNumbers });
      });
    });
  });
  if (numbered.size) {
    const alternatives = [...numbered].sort((a, b) => b.length - a.length).map(labelPattern);
    index.numberedLabels = new RegExp(`(?<![\\p{L}\\p{N}])(?:${alternatives.join('|')})(?![\\p{L}\\p{N}])`, 'giu');
  }
  // The series the analyst computes, read with the active sheet as it reads them (a label area on the same
  // sheet names the values whether or not its address names the sheet); other sheets' addresses name theirs.
  const sheetOf = (address: string) => parseA1(address)?.sheet ?? selection.sheet;
  const local = (address: string) => address.slice(address.lastIndexOf('!') + 1);
  for (const s of [...numericColumns(selection.ranges, 2, selection.sheet), ...numericRows(selection.ranges, selection.sheet)]) {
    const spans = s.address.split(', ').map((a) => `${sheetOf(a)}!${local(a)}`);
    index.series.push({ series: s, spans, cells: s.addresses.map((a) => index.cells.get(keyOf(sheetOf(a), local(a)))) });
  }
  return index;
}

/** The selection's cells an A1 reference names (a range covers its cells); none when it is outside it. */
function resolveCells(index: SheetIndex, ref: string): Cell[] {
  const a1 = parseA1(ref);
  if (!a1 || a1.rows * a1.cols > 20_000) return [];
  const sheet = a1.sheet ?? index.defaultSheet;
  const out: Cell[] = [];
  for (let r = 0; r < a1.rows; r++) {
    for (let c = 0; c < a1.cols; c++) {
      const cell = index.cells.get(keyOf(sheet, cellAddress(a1, r, c)));
      if (cell) out.push(cell);
    }
  }
  return out;
}

// ─── What a statement cites ────────────────────────────────────────────────────────────────────────────

const MARKER = /\[([^\]\n]{1,200})\]/g;
const PASSAGE_ID = /^P\d+$/;
/** An A1 reference written in the text: "B6", "B2:B7", "Sheet2!C4", "'Q1 data'!A1:C3". */
const BARE_REF = /(?<![\p{L}\p{N}!:$'._-])(?:(?:'[^'\n]{1,100}'|[\p{L}_][\p{L}\p{N}_.]{0,99})!)?\$?[A-Z]{1,3}\$?\d{1,7}(?::\$?[A-Z]{1,3}\$?\d{1,7})?(?![\p{L}\p{N}])/gu;

interface Cited {
  passages: StoredPassage[];
  cells: Cell[];
  /** Every character range that is a reference, not prose: masked before numbers are read. */
  spans: Array<[number, number]>;
  /** The cells the sentence cites itself, when `cells` also holds those its heading cites. */
  own?: Cell[];
}

function citedBy(text: string, index: SheetIndex, byId: Map<string, StoredPassage>): Cited {
  const passages: StoredPassage[] = [];
  const cells: Cell[] = [];
  const spans: Array<[number, number]> = [];
  const seen = new Set<Cell>();
  const inMarker = new Uint8Array(text.length);
  const addCells = (found: Cell[]) => found.forEach((c) => seen.has(c) || (seen.add(c), cells.push(c)));
  for (const m of text.matchAll(MARKER)) {
    const parts = m[1].split(/[,;]/).map((s) => s.trim());
    // Only brackets of references are citations; "[sic]" or "[1]" are prose.
    if (!parts.every((p) => PASSAGE_ID.test(p) || parseA1(p))) continue;
    spans.push([m.index ?? 0, (m.index ?? 0) + m[0].length]);
    inMarker.fill(1, m.index ?? 0, (m.index ?? 0) + m[0].length);
    for (const p of parts) {
      if (PASSAGE_ID.test(p)) {
        const passage = byId.get(p);
        if (passage && !passages.includes(passage)) passages.push(passage);
      } else addCells(resolveCells(index, p));
    }
  }
  // Addresses written in prose ("max 9,100 (May, B6)") cite their cells when they are in the selection;
  // "Q1" or "H2" outside it are periods, not cells.
  for (const m of text.matchAll(BARE_REF)) {
    const start = m.index ?? 0;
    if (inMarker[start]) continue;
    const found = resolveCells(index, m[0]);
    if (!found.length) continue;
    spans.push([start, start + m[0].length]);
    addCells(found);
  }
  return { passages, cells, spans };
}

// ─── Figures and quotes a statement states ─────────────────────────────────────────────────────────────

const QUOTE = /"([^"\n]{2,})"/g;
/**
 * A statistical method's parameter ("beyond 1.5× the interquartile range", "within a factor of 2"; Korean
 * "사분위범위의 1.5배", "2배 이내"), not a figure of the data.
 */
const METHOD_PARAMETER = /\d+(?:\.\d+)?\s*(?:×|x|times)\s*(?:the\s+)?(?:interquartile range|IQR|standard deviations?|std-?devs?|σ)|\bfactor of \d+(?:\.\d+)?|사분위\s*범위의\s*\d+(?:\.\d+)?\s*배|\d+(?:\.\d+)?\s*배\s*(?:이내|안)/gi;
/** A list item's number at the start of a line ("1. ", "2) "): its place in the answer, not a figure. */
const LIST_ORDINAL = /^\s*\d{1,2}[.)](?=\s)/gm;
/**
 * Not figures of the data: a sheet row named by its number ("Row 5", "5행", "row 12"), a month or a quarter
 * named by its number ("2월", "3분기"; a full date is read as a date), and the 1 of a fraction written
 * "1/2.42" (the 2.42 is checked: the other values over this one).
 */
const ROW_NAME = /…\s*(?:\d+\s+more(?:\s+rows)?|외\s*\d+\s*개(?:\s*행)?)|\b[Rr]ows?\s+\d{1,7}\b|(?<![\p{N}.,])\d{1,7}\s?행|(?<!년\s?)(?<![\p{N}.,])(?:1[0-2]|0?[1-9])\s?월(?!\s?\d{1,2}\s?일)|(?<![\p{N}.,])[1-4]\s?분기/gu;
const ONE_OVER = /(?<![\p{N}.,/])1\/(?=\d)/gu;
/** Starts only where a token starts, and reads at most 200 characters: linear however long a token runs. */
const FILE_NAME = /(?<![^\s"()[\]])[^\s"()[\]]{1,200}\.(?:pdf|docx?|xlsx?|csv|txt|md|pptx?|hwp)\b/gi;
const PAGE_REF = /\b(?:p|pp|page|pages)\.?\s*\d+(?:\s*[-–]\s*\d+)?|\d+(?:\s*[-–]\s*\d+)?\s*(?:쪽|페이지)/gi;
/** "about 16,000": the zeros are not precision, so the figure is read to its last non-zero digit. */
const APPROXIMATELY = /(?:(?<!\p{L})(?:about|around|roughly|approximately|approx\.?|nearly|almost|some|circa|약|대략)|~)\s*$/iu;

/** `text` with every span blanked out, positions kept; linear in the text and the spans. */
function mask(text: string, spans: Array<[number, number]>): string {
  const chars = text.split('');
  for (const [a, b] of spans) chars.fill(' ', a, b);
  return chars.join('');
}

function spansOf(text: string, re: RegExp): Array<[number, number]> {
  return [...text.matchAll(re)].map((m) => [m.index ?? 0, (m.index ?? 0) + m[0].length]);
}

/**
 * The numbers a statement states, years and small counts included (a reader who sees "released in 2022
 * [P2]" expects P2 to say 2022): not a method's parameter ("1.5× the IQR"), not a list item's number, page
 * numbers, file names, cell addresses or citation markers, and not the digits inside a quotation (the
 * quote is checked as a whole).
 */
export function claimFigures(text: string, referenceSpans: Array<[number, number]> = []): ParsedNumber[] {
  const spans = [...referenceSpans, ...spansOf(text, QUOTE), ...spansOf(text, METHOD_PARAMETER), ...spansOf(text, FILE_NAME), ...spansOf(text, PAGE_REF), ...spansOf(text, MARKER), ...spansOf(text, LIST_ORDINAL), ...spansOf(text, ROW_NAME), ...spansOf(text, ONE_OVER)];
  const masked = mask(text, spans);
  return parseNumbers(masked)
    .map((n) => {
      if (!APPROXIMATELY.test(masked.slice(Math.max(0, n.start - 40), n.start))) return n;
      // The digits as written, scale words aside ("약 1,200억": 1200, read to its 2), without decimals.
      const written = /(\d[\d,]*)(\.\d+)?/.exec(n.text);
      if (!written || written[2]) return n;
      const zeros = /0*$/.exec(written[1].replace(/,/g, ''))?.[0].length ?? 0;
      return { ...n, tolerance: n.tolerance * 10 ** zeros };
    });
}

/**
 * A year or a small whole count ("in 2023", "3 regions", "week 2"): in a sheet it may be a label or a
 * count rather than a value, so it is also found among the labels of the cells and the sizes of the series.
 */
export function isLabelLike(n: ParsedNumber): boolean {
  return n.year || (n.unit === null && !n.percent && Number.isInteger(n.value) && Math.abs(n.value) <= 12 && n.tolerance <= 0.5);
}

/**
 * The identifier a number is part of ("pr/3771", "2.1.3", "ltmath.dtx_1.1g"): the text around it up to
 * white space, brackets and closing punctuation; null when the number stands alone.
 */
function tokenAround(text: string, n: ParsedNumber): string | null {
  // No identifier is longer than this: the scan stays linear in the answer however long its tokens run.
  const reach = 200;
  let a = n.start;
  let b = n.end;
  while (a > 0 && n.start - a < reach && !/[\s([{"]/.test(text[a - 1])) a--;
  while (b < text.length && b - n.end < reach && !/[\s)\]}"]/.test(text[b])) b++;
  const token = text.slice(a, b).replace(/[.,;:!?]+$/, '');
  // Korean particles and units glued to a figure ("1,200억원이다") and an English unit joined by a hyphen
  // ("a 1,200-unit order") leave it a figure.
  const rest = token.replace(n.text.trim(), '').replace(/^[\uAC00-\uD7A3]+|[\uAC00-\uD7A3]+$/gu, '');
  if (/^-\p{Ll}+$/u.test(rest)) return null;
  return rest && /[\p{L}_/\\@.:-]/u.test(rest) ? token : null;
}

/** Quoted text worth checking: two words or more (a quoted single word is a term, not a quotation). */
function quotesOf(text: string): string[] {
  return [...text.matchAll(QUOTE)].map((m) => m[1].trim()).filter((q) => q.split(/\s+/).length >= 2);
}

// ─── Matching ──────────────────────────────────────────────────────────────────────────────────────

/**
 * Whether evidence `v` is what the claim wrote, to the claim's precision. Signs are compared by size: prose
 * says "fell 40" or "a loss of 40" for −40. A percentage matches its fraction (12% = 0.12) and a column of
 * percentage points (12% = 12).
 */
export function agrees(n: ParsedNumber, v: { value: number; percent: boolean; date?: boolean }): boolean {
  if ((n.unit === 'date') !== Boolean(v.date)) return false;
  const a = Math.abs(n.value);
  const b = Math.abs(v.value);
  const eps = 1e-9 * Math.max(1, b);
  if (Math.abs(a - b) <= n.tolerance + eps) return true;
  if (n.percent === v.percent) return false;
  // A whole number written plainly is a count, not a fraction: "1" does not state "100%".
  if (!n.percent && Number.isInteger(n.value) && n.tolerance >= 0.5) return false;
  const af = n.percent ? a / 100 : a;
  const bf = v.percent ? b / 100 : b;
  return Math.abs(af - bf) <= (n.percent ? n.tolerance / 100 : n.tolerance) + eps;
}

const evidenceOf = (n: ParsedNumber) => ({ value: n.value, percent: n.percent, date: n.unit === 'date' });

/** Words too common in figure talk to say what a figure is about. */
const GENERIC = new Set(['rose', 'fell', 'grew', 'incre', 'decre', 'decli', 'dropp', 'total', 'perce', 'milli', 'billi', 'thous', 'about', 'aroun', 'highe', 'lower', 'value', 'figur', 'numbe', 'amoun', 'compa', 'chang', 'while', 'after', 'befor', 'since', 'most', 'least', 'more', 'less', 'over', 'under', 'reach']);

/**
 * Words that only say a period is meant ("quarter", "분기"): the period itself is the term (`periodTerms`),
 * or every quarter of a sheet would name every other.
 */
const PERIOD_WORDS = new Set(['quart', 'half', '분기', '반기']);

/** The subject words of a text, stemmed like labels (Korean particles cut off). */
function termsOf(text: string): Set<string> {
  // Lower-case "may" is the verb ("revenue may rise"), not the month.
  const latin = keywords(text.replace(/\bmay\b/g, ' '), 400);
  const hangul = text.match(/[\uAC00-\uD7A3]{2,}/g) ?? [];
  return new Set([...latin, ...hangul].map((w) => canonical(stem(w))).filter((t) => !GENERIC.has(t)));
}

/**
 * What a text names of a sheet's labels: its words without the bare period words, and the periods it
 * names. Only cells are matched by periods: a passage's sentence sharing a year with a claim is not
 * about the claim's subject.
 */
function cellTermsOf(text: string): Set<string> {
  const columns = [...text.matchAll(/\b[Cc]olumn\s+([A-Z]{1,3})\b|(?<![A-Za-z])([A-Z]{1,3})\s?열/g)].map((m) => `col:${(m[1] ?? m[2]).toLowerCase()}`);
  return new Set([...[...termsOf(text)].filter((t) => !PERIOD_WORDS.has(t)), ...periodTerms(text), ...columns]);
}

const ORDINALS = ['first', 'second', 'third', 'fourth'];

/**
 * The periods a text names in short ("Q1", "1Q", "1분기", "H2", "상반기", "3월", "2023년", "first quarter"),
 * one term each in any language ("q1", "h2", "mar", "y2023"): too short to be words, yet they are what
 * tells one row of a quarterly or monthly sheet from the next.
 */
export function periodTerms(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/(?<![\p{L}\p{N}])(?:([QH])([1-4])|([1-4])Q)(?![\p{L}\p{N}])/giu)) out.push(m[1] ? `${m[1].toLowerCase()}${m[2]}` : `q${m[3]}`);
  for (const m of text.matchAll(/(?<![\p{N}.])([1-4])\s?분기/gu)) out.push(`q${m[1]}`);
  for (const m of text.matchAll(/(?<![\p{N}.])(1[0-2]|0?[1-9])\s?월/gu)) out.push(MONTH_NAMES[Number(m[1]) - 1].slice(0, 3));
  for (const m of text.matchAll(/([상하])반기/gu)) out.push(m[1] === '상' ? 'h1' : 'h2');
  for (const m of text.matchAll(/\b(first|second|third|fourth)\s+quarter\b/giu)) out.push(`q${ORDINALS.indexOf(m[1].toLowerCase()) + 1}`);
  for (const m of text.matchAll(/\b(first|second)\s+half\b/giu)) out.push(m[1].toLowerCase() === 'first' ? 'h1' : 'h2');
  for (const m of text.matchAll(/(?<![\p{N},.])((?:19|20)\d\d)(?![\p{N},])/gu)) out.push(`y${m[1]}`);
  for (const m of text.matchAll(/(?<![\p{N}])(?:19|20)\d\d[-/.](0?[1-9]|1[0-2])(?![\p{N}])/gu)) out.push(MONTH_NAMES[Number(m[1]) - 1].slice(0, 3));
  for (const m of text.matchAll(/\bFY\s?'?(\d{2})(?!\d)/giu)) out.push(`y20${m[1]}`);
  // A whole date is a day of its own: "2021-01-01" is not the row "2021-01-02".
  for (const n of parseNumbers(text)) if (n.unit === 'date') out.push(`d${n.value}`);
  // English months ("May" only capitalised: "may" is the verb).
  for (const m of text.matchAll(new RegExp(`(?<![\\p{L}])(${ENGLISH_MONTH})(?![\\p{L}])`, 'giu'))) if (m[1] !== 'may') out.push(m[1].slice(0, 3).toLowerCase());
  return out;
}

const ENGLISH_MONTH = 'jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?';

/** Of what kind a period term is: a quarter, a half, a month, a year or a day. */
const periodKind = (t: string) => (/^q[1-4]$/.test(t) ? 'q' : /^h[12]$/.test(t) ? 'h' : /^y\d{4}$/.test(t) ? 'y' : /^d-?\d+$/.test(t) ? 'd' : /^[a-z]{3}$/.test(t) ? 'm' : null);

/**
 * Whether two sets of periods name different ones of a kind both name: Q3 is not Q4, 2022 is not 2023
 * (a text naming Q3 and Q4 meets either). Kinds only one side names are no conflict: "2024 Q4" meets "Q4".
 */
function periodsDisagree(a: Iterable<string>, b: Iterable<string>): boolean {
  const kinds = (terms: Iterable<string>) => {
    const m = new Map<string, Set<string>>();
    for (const t of terms) {
      const k = periodKind(t);
      if (k) m.set(k, (m.get(k) ?? new Set()).add(t));
    }
    return m;
  };
  const x = kinds(a);
  const y = kinds(b);
  return [...x].some(([k, ts]) => y.has(k) && ![...ts].some((t) => y.get(k)?.has(t)));
}

/**
 * The periods a claim says its figures are of: those it names, not those it measures from ("since 2020",
 * "compared with Q3", "2023년 대비", "전년보다").
 */
function claimPeriods(text: string): Set<string> {
  const from = /(?:\b(?:since|from|after|before|until|than|over|vs\.?|versus|compared (?:to|with))\s+(?:the\s+)?)((?:19|20)\d\d|[QH][1-4]|\w+)|((?:19|20)\d\d\s?년?|\d\s?분기|\d{1,2}\s?월)\s?(?:이후|부터|까지|대비|보다|이전)/giu;
  return new Set(periodTerms(text.replace(from, ' ')));
}

/** Month names as one term whatever their length or stem: "June" names the row "Jun", "Septe" is "sep". */
const MONTH_NAMES = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
const canonical = (t: string) => (t.length >= 3 && MONTH_NAMES.find((m) => m.startsWith(t))?.slice(0, 3)) || t;

/** `make(label)`, remembered per label: a check asks about the same few labels for every cell and figure. */
function perLabel<T>(make: (label: string) => T): (label: string) => T {
  const cache = new Map<string, T>();
  return (label) => {
    let value = cache.get(label);
    if (value === undefined) {
      if (cache.size > 20_000) cache.clear();
      cache.set(label, (value = make(label)));
    }
    return value;
  };
}

/** The periods a label names (`periodTerms`). */
const labelPeriods = perLabel(periodTerms);

/** A label's terms (labels.ts), months made canonical, with the periods it names. */
const termsOfLabel = perLabel((label) => {
  // A bare column letter ("B", a headerless column's name) is named as "column B" / "B열" (cellTermsOf).
  const column = /^[A-Z]{1,3}$/.test(label.trim()) ? [`col:${label.trim().toLowerCase()}`] : [];
  return [...labelTerms(label).map(canonical).filter((t) => !PERIOD_WORDS.has(t)), ...labelPeriods(label), ...column];
});

const shares = (terms: Set<string>, label: string | null) => Boolean(label) && termsOfLabel(label as string).some((t) => terms.has(t));

/** Words that say a figure is computed ("the average", "a total of", "grew 12%"). */
const COMPUTES = /\b(sum|total|average|avg|mean|median|std|standard deviation|deviation|spread|range|trend|slope|per step|change|growth|grew|rose|fell|increase|decrease|decline|drop|difference|gap|ratio|share|times|combined|overall|altogether|first → last)\b|[%×]|합계|총|평균|중앙값|최댓값|최솟값|표준편차|추세|기울기|단계당|증감률?|증가|감소|변화|차이|비율|합산/i;

interface Subject {
  /** Its words, for a passage's sentence. */
  terms: Set<string>;
  /** Its words and periods, for a cell's labels (`cellTermsOf`). */
  cellTerms: Set<string>;
  /** The known quantities it names (labels.ts measuresOf). */
  measures: number[];
  /** Whether it says something rose or fell (`directionOf`). */
  direction: 'up' | 'down' | null;
  /** The periods its figures are of (`claimPeriods`). */
  periods: Set<string>;
  /** The sentence, references masked. */
  text: string;
  /** The selection's numbered row labels it writes ("Week 15"). */
  namedRows: Set<string>;
  /** The sentence says it computes something. */
  computes: boolean;
  /** Year-like numbers the claim writes ("in 2023"), for row labels that are years. */
  years: Set<string>;
}

/** Why a cell is not what the claim speaks of: it names another column or another row of the selection. */
function labelConflict(cell: Cell, subject: Subject, index: SheetIndex): LabelConflict | null {
  const asColumn: LabelConflict = { key: cell.key, header: cell.header, rowLabel: cell.rowLabel, as: 'column' };
  const asRow: LabelConflict = { ...asColumn, as: 'row' };
  const namesHeader = [...subject.cellTerms].some((t) => index.headerTerms.has(t));
  if (cell.header && namesHeader && !shares(subject.cellTerms, cell.header)) return asColumn;
  const namesRow = [...subject.cellTerms].some((t) => index.rowTerms.has(t)) || [...subject.years].some((y) => index.rowNumbers.has(y));
  const rowNamed = cell.rowLabel && (shares(subject.cellTerms, cell.rowLabel) || subject.years.has(cell.rowLabel));
  if (cell.rowLabel && namesRow && !rowNamed) return asRow;
  // A row named by a number the claim writes another of: "Week 15" is not the row "Week 16", though both say week.
  if (cell.rowLabel && subject.namedRows.size && index.numberedRows.has(labelKey(cell.rowLabel)) && !subject.namedRows.has(labelKey(cell.rowLabel))) return asRow;
  // A row of another period of a kind the claim names: "2024 Q3" is not the row "2024 Q4", though both say 2024.
  if (cell.rowLabel && periodsDisagree(subject.periods, labelPeriods(cell.rowLabel))) return asRow;
  if (cell.header && periodsDisagree(subject.periods, labelPeriods(cell.header))) return asColumn;
  // A column of another quantity than the one the claim names ("Cost … [B6]" where B6 is Revenue), header or not.
  if (cell.header && subject.measures.length) {
    const own = measuresOf(subjectWords(cell.header));
    if (own.length && !own.some((m) => subject.measures.includes(m))) return asColumn;
  }
  return null;
}

const mentionsCell = (cell: Cell, subject: Subject) => shares(subject.cellTerms, cell.header) || shares(subject.cellTerms, cell.rowLabel) || (cell.rowLabel !== null && subject.years.has(cell.rowLabel));

interface Derived {
  value: number;
  percent: boolean;
  /** What it is ("the sum of Sales!B2:B7"), put into words only when a note or a reason names it. */
  computation: Computation;
  sources: string[];
  /** A minimum or maximum: the value of one of the cells. */
  extreme?: boolean;
  /** The series label: a computed figure of the selection must be spoken of by its label. */
  label: string | null;
  /**
   * A % change or a trend: its sign says whether something rose or fell. (A pair's difference is not: it is
   * computed one way round, and an answer may subtract either way.)
   */
  signed?: boolean;
  /** Derived from two cells. */
  pair?: boolean;
  /** Compared as the percentage or plain number it is: "3%" is not a difference or a trend of 3. */
  exactKind?: boolean;
}

function median(sorted: number[]): number {
  const mid = (sorted.length - 1) / 2;
  return (sorted[Math.floor(mid)] + sorted[Math.ceil(mid)]) / 2;
}

/*
 * The figures an answer derives from cells: sums, means, medians, extremes, counts, spreads, trends and
 * shares of a set of values (seriesFigures), differences, ratios and % changes of two (pairFigures).
 * Computed here rather than taken from stats.ts so the check does not follow the local analyst's wording
 * of its own statistics.
 */

/**
 * What an answer derives from two cells it names. Only a few cited cells, or pairs with one of a few cells
 * the sentence itself cites (a table's row under a heading citing the whole column): among a whole column's
 * pairs almost any small number is some ratio, and a number alone is not evidence.
 */
function pairFigures(values: number[], addresses: string[], keys: string[], label: string | null, pairs: true | ((i: number, j: number) => boolean), n?: ParsedNumber): Derived[] {
  const out: Derived[] = [];
  const wanted = pairs === true ? () => values.length <= 12 : pairs;
  // Only the figures that agree with `n`, when given: a long table's rows each pair with hundreds of cells.
  const keep = (value: number, percent: boolean) => !n || agreesDerived(n, { value, percent, exactKind: true });
  const push = (value: number, percent: boolean, pair: PairKind, i: number, j: number, signed = false) => {
    if (keep(value, percent)) out.push({ value, percent, computation: { pair, a: addresses[i], b: addresses[j] }, sources: [keys[i], keys[j]], label, pair: true, exactKind: true, signed });
  };
  values.forEach((a, i) => {
    values.forEach((b, j) => {
      if (i === j || !wanted(i, j)) return;
      if (i < j) push(b - a, false, 'difference', i, j);
      if (b !== 0) push(a / b, false, 'ratio', i, j);
      // Its value is the percentage its name gives ("the change from B2 to B3 (+41.7%)").
      if (a !== 0) push(((b - a) / Math.abs(a)) * 100, true, 'change', i, j, true);
      if (b !== 0) push((a / b) * 100, true, 'share', i, j);
    });
  });
  return out;
}

/** The median of `sorted` without its element at index `k`, in constant time. */
function medianWithout(sorted: number[], k: number): number {
  const at = (r: number) => sorted[r < k ? r : r + 1];
  const mid = (sorted.length - 2) / 2;
  return (at(Math.floor(mid)) + at(Math.ceil(mid))) / 2;
}

/** A label of percentages or percentage points ("Margin", "Rate (%)", "이익률", "비중"). */
const percentLike = (label: string | null) => Boolean(label) && /%|percent|pct|\brate|margin|share|ratio|yield|율|률|비중|점유/i.test(label as string);

/**
 * Statistics of one set of values: what an answer computes from a range it cites. `points`: the values are
 * percentages or percentage points, so "13.5%" may state their mean of 13.5; for counts and amounts a
 * figure written as a percentage is never a plain statistic ("rose 3%" is not a range of 3).
 */
function seriesFigures(values: number[], addresses: string[], of: Values, sources: string[], label: string | null, points = percentLike(label)): Derived[] {
  const out: Derived[] = [];
  const n = values.length;
  if (n < 2) return out;
  const push = (value: number, computation: Computation, percent: boolean, extreme: boolean, signed: boolean) => out.push({ value, percent, computation, sources, label, extreme, signed, exactKind: !points });
  const add = (value: number, kind: SeriesKind, percent = false, extreme = false, signed = false) => push(value, { kind, of }, percent, extreme, signed);
  const addFor = (value: number, kind: ValueKind, i: number, percent = false) => push(value, { kind, of, cell: addresses[i] }, percent, false, false);
  const sum = values.reduce((a, b) => a + b, 0);
  const mean = sum / n;
  const order = values.map((v, i) => ({ v, i })).sort((a, b) => a.v - b.v);
  const sorted = order.map((o) => o.v);
  const rank = new Array<number>(n);
  order.forEach((o, r) => (rank[o.i] = r));
  const xMean = (n - 1) / 2;
  const slope = values.reduce((a, y, i) => a + (i - xMean) * (y - mean), 0) / values.reduce((a, _, i) => a + (i - xMean) ** 2, 0);
  add(sum, 'sum');
  add(mean, 'mean');
  add(median(sorted), 'median');
  add(sorted[0], 'minimum', false, true);
  add(sorted[n - 1], 'maximum', false, true);
  add(n, 'count');
  add(Math.sqrt(values.reduce((a, x) => a + (x - mean) ** 2, 0) / (n - 1)), 'stdDev');
  add(slope, 'trend', false, false, true);
  add(mean + slope * (n - xMean), 'projection');
  add(sorted[n - 1] - sorted[0], 'range');
  // First → last, in percent: the percentage its name gives.
  if (values[0] !== 0) add(((values[n - 1] - values[0]) / Math.abs(values[0])) * 100, 'change', true, false, true);
  // How far one value stands from the others ("9,100 is 6.7× the median of the others"), and its share of
  // the whole ("Q2 is 33% of the total"); few values only.
  if (n <= 200) values.forEach((x, i) => {
    const others = medianWithout(sorted, rank[i]);
    addFor(others, 'medianWithout', i);
    if (others !== 0) addFor(x / others, 'overOthersMedian', i);
    // The analyst writes a value below the others as a fraction of them: "1/2.42 of the median".
    if (x !== 0) addFor(others / x, 'othersMedianOver', i);
    if (sum !== 0) addFor((x / sum) * 100, 'shareOfSum', i, true);
  });
  return out;
}

// ─── Rows a sentence leaves out ────────────────────────────────────────────────────────────────────

/** Periods a sentence may name whether a row is labelled so or not: "May", "Q1", "2023", "FY24", "5월", "1분기", "2023년". */
const PERIOD_NAME = String.raw`(?:19|20)\d\d\s?년(?:\s?(?:[1-4]\s?분기|(?:1[0-2]|0?[1-9])\s?월|[상하]반기))?|(?:1[0-2]|0?[1-9])\s?월|[1-4]\s?분기|[상하]반기|FY\s?'?\d{2}(?:\d{2})?|(?:19|20)\d\d(?:\s?[QH][1-4])?|[QH][1-4](?:\s?(?:19|20)\d\d)?`;

/**
 * The phrases that leave rows out by name, for a selection's row labels and the periods any sheet has:
 * English names follow the word ("excluding May and June", "except for Q1, Q2 and Q3", "without 2023"),
 * Korean ones come before it ("5월을 제외하면", "서울과 부산 제외 시", "2023년을 빼면").
 */
function exclusionPatterns(index: SheetIndex): Context['exclusion'] {
  // A few thousand labels at most: beyond, a sheet's periods are still named by PERIOD_NAME.
  const labels = [...index.rowLabels].filter((l) => l.length <= 40).slice(0, 5000).sort((a, b) => b.length - a.length).map(labelPattern);
  const one = `(?:${[...labels, PERIOD_NAME, `(?:${ENGLISH_MONTH})\\.?`].join('|')})`;
  const enItem = `(?:the\\s+)?${one}(?:'s)?(?![\\p{L}\\p{N}])`;
  const koItem = `${one}(?![\\p{N}])`;
  return {
    en: new RegExp(`(?<![\\p{L}])(?:excluding|exclusive of|except(?:\\s+for)?|apart from|aside from|other than|without|leaving out|leaving aside|not counting|barring)\\s+(?:(?:the\\s+)?(?:months?|quarters?|years?|rows?)\\s+(?:of\\s+)?)?(${enItem}(?:(?:\\s*,\\s*${enItem})*\\s*,?\\s*(?:and|or|&)\\s+${enItem})?)`, 'giu'),
    ko: new RegExp(`(?<![\\p{L}\\p{N}])(${koItem}(?:\\s*(?:,|및|과|와)\\s*${koItem})*)\\s*(?:을|를|은|는|만|이|가)?\\s*(?:제외|빼|뺀|이외)\\p{L}*(?:\\s+시(?!\\p{L}))?`, 'giu'),
    label: new RegExp(`(?<![\\p{L}\\p{N}])${one}(?!\\p{N})`, 'giu'),
  };
}

/** Words that leave something out, in either language: a sentence without one leaves out no row. */
const EXCLUDES = /\b(?:excluding|exclusive|except|apart|aside|other than|without|leaving|not counting|barring)\b|제외|빼|뺀|이외/i;
const KO_EXCLUDES = /제외|빼|뺀|이외/g;

interface Exclusion {
  /** The names of the rows left out, as spans of the sentence: not what its figures are about. */
  names: Array<[number, number]>;
  /** The phrases that leave them out: a figure written there is the left-out row's ("excluding May (9,100)"). */
  clauses: Array<[number, number]>;
  /** The selection's cells of those rows. */
  cells: Set<Cell>;
}

/** Whether a row label is one a sentence names when it leaves `name` out ("Q1" leaves out "2023 Q1" and "2024 Q1"). */
function leftOut(name: string, rowLabel: string, index: SheetIndex): boolean {
  if (labelKey(name) === labelKey(rowLabel)) return true;
  const periods = periodTerms(name);
  if (periods.length) return periods.every((t) => labelPeriods(rowLabel).includes(t));
  if (index.numberedRows.has(labelKey(rowLabel))) return false;
  const terms = termsOfLabel(name);
  return terms.length > 0 && terms.every((t) => termsOfLabel(rowLabel).includes(t));
}

/**
 * The rows a sentence leaves out by name ("Excluding May, revenue ranged between 1,200 and 1,700"): they are
 * not its subject, and its figures are of the other rows. Null when it leaves out no row of the selection.
 */
function exclusionOf(text: string, ctx: Context): Exclusion | null {
  if (!EXCLUDES.test(text)) return null;
  const names: Array<[number, number]> = [];
  const clauses: Array<[number, number]> = [];
  const cells = new Set<Cell>();
  let rows: Cell[] | null = null;
  const addNames = (list: string, at: number) => {
    for (const m of list.matchAll(ctx.exclusion.label)) {
      rows ??= [...ctx.index.cells.values()].filter((c) => c.rowLabel);
      const named = rows.filter((c) => leftOut(m[0], c.rowLabel as string, ctx.index));
      if (!named.length) continue;
      named.forEach((c) => cells.add(c));
      names.push([at + (m.index ?? 0), at + (m.index ?? 0) + m[0].length]);
    }
  };
  for (const m of text.matchAll(ctx.exclusion.en)) {
    const start = m.index ?? 0;
    const end = start + m[0].length;
    addNames(m[1], end - m[1].length);
    // The phrase runs to the next comma ("Excluding May, …", "…, excluding May (9,100), …"); without one,
    // it is the names and what is in brackets after them.
    const comma = text.slice(end).search(/[,;](?!\d)/);
    const bracket = /^\s*\([^)]*\)/.exec(text.slice(end))?.[0].length ?? 0;
    clauses.push([start, comma < 0 ? end + bracket : end + comma]);
  }
  // Korean names come before the word: read only the stretch before each, so a long answer is read in
  // linear time whatever the number of labels.
  const seen = new Set<number>();
  for (const w of text.matchAll(KO_EXCLUDES)) {
    const at = Math.max(0, (w.index ?? 0) - 120);
    const m = [...text.slice(at, (w.index ?? 0) + w[0].length + 8).matchAll(ctx.exclusion.ko)].find((x) => at + (x.index ?? 0) + x[0].length > (w.index ?? 0));
    if (!m || seen.has(at + (m.index ?? 0))) continue;
    const start = at + (m.index ?? 0);
    seen.add(start);
    addNames(m[1], start);
    // The phrase runs from the clause's start ("매출은 9,100인 5월을 제외하면"): a comma not inside a figure.
    const from = [...text.slice(0, start).matchAll(/[,;](?!\d)/g)].at(-1);
    clauses.push([from ? (from.index ?? 0) + 1 : 0, start + m[0].length]);
  }
  return cells.size ? { names, clauses, cells } : null;
}

/** The selection's statistics computed without the left-out rows' cells, each naming what it leaves out. */
function aggregatesWithout(ctx: Context, excluded: ReadonlySet<Cell>): Derived[] {
  return ctx.index.series.flatMap(({ series, spans, cells }) => {
    const keep = series.values.flatMap((_, i) => (cells[i] && excluded.has(cells[i] as Cell) ? [] : [i]));
    const without = cells.filter((c): c is Cell => Boolean(c && excluded.has(c))).map((c) => c.key);
    const of: Values = { label: series.label, address: series.address, ...(series.sheetRow === undefined ? {} : { sheetRow: series.sheetRow }), ...(without.length ? { without } : {}) };
    return seriesFigures(keep.map((i) => series.values[i]), keep.map((i) => series.addresses[i]), of, spans, series.label);
  });
}

// ─── The check ─────────────────────────────────────────────────────────────────────────────────────

const passageSource = (p: StoredPassage): ClaimSource => ({ type: 'passage', citation: p.id, documentId: p.documentId, page: p.page });
const cellSource = (address: string): ClaimSource => ({ type: 'cell', address });

function addSource(list: ClaimSource[], s: ClaimSource): void {
  const key = JSON.stringify(s);
  if (!list.some((x) => JSON.stringify(x) === key)) list.push(s);
}

interface Context {
  index: SheetIndex;
  byId: Map<string, StoredPassage>;
  /** Each passage's sentences (normalised) with the figures they state. */
  sentences: Map<string, Array<{ text: string; numbers: ParsedNumber[] }>>;
  comparable: Map<string, string>;
  /** Aggregates of the selection's own series, computed once. */
  selectionAggregates: Derived[];
  /** Statistics of each set of cited cells, by their keys: computed once per check. */
  seriesCache: Map<string, Derived[]>;
  /** The words reasons and notes are written in: the question's language. */
  words: ClaimWords;
  /** Phrases that leave rows out by name ("excluding May", "5월을 제외하면"), for this selection's labels. */
  exclusion: { en: RegExp; ko: RegExp; label: RegExp };
}

/**
 * A passage's dates also state their parts: "5 August 2021" says 2021 and the 5th; "01/02/2017" writes
 * 01 and 02 whichever is the month, so a date in digits states its month number too.
 */
function withDateParts(numbers: ParsedNumber[]): ParsedNumber[] {
  return numbers.flatMap((n) => {
    if (n.unit !== 'date') return [n];
    const d = new Date(n.value * 86_400_000);
    const part = (value: number, year = false): ParsedNumber => ({ ...n, value, tolerance: 0, unit: null, year });
    const parts = [part(d.getUTCFullYear(), true), part(d.getUTCDate())];
    if (!/\p{L}/u.test(n.text)) parts.push(part(d.getUTCMonth() + 1));
    return [n, ...parts];
  });
}

function contextOf(passages: StoredPassage[], selection: Selection, language: Language): Context {
  const index = indexSelection(selection);
  const sentences = new Map<string, Array<{ text: string; numbers: ParsedNumber[] }>>();
  const comparable = new Map<string, string>();
  for (const p of passages) {
    const text = normalizeText(p.text);
    sentences.set(p.id, sentencesOf(text).map((s) => ({ text: s, numbers: withDateParts(parseNumbers(s)) })));
    comparable.set(p.id, comparableText(p.text));
  }
  const selectionAggregates = index.series.flatMap(({ series, spans }) => {
    const of: Values = { label: series.label, address: series.address, ...(series.sheetRow === undefined ? {} : { sheetRow: series.sheetRow }) };
    return seriesFigures(series.values, series.addresses, of, spans, series.label);
  });
  return { index, byId: new Map(passages.map((p) => [p.id, p])), sentences, comparable, selectionAggregates, seriesCache: new Map(), words: claimWords(language), exclusion: exclusionPatterns(index) };
}

/** Of the computed figures that agree with `n`, the nearest (a sum and a pair's difference may both be close). */
function closest(n: ParsedNumber, derived: Derived[]): Derived | undefined {
  return derived.filter((d) => agreesDerived(n, d)).sort((a, b) => distance(n, a) - distance(n, b))[0];
}

/**
 * `agrees` for a computed figure. A column's statistics compare as `agrees` has it (a mean of percentage
 * points is written "13.5%"), but a pair's difference, ratio, change or share is a percentage or not by
 * what it is: "3%" is not a difference of 3, "104" not a share of 104%; 0.12 is still 12%.
 */
function agreesDerived(n: ParsedNumber, d: Pick<Derived, 'value' | 'percent' | 'exactKind'>): boolean {
  if (!d.exactKind || n.percent === d.percent) return agrees(n, d);
  const af = n.percent ? Math.abs(n.value) / 100 : Math.abs(n.value);
  const bf = d.percent ? Math.abs(d.value) / 100 : Math.abs(d.value);
  if (!n.percent && Number.isInteger(n.value) && n.tolerance >= 0.5) return false;
  return Math.abs(af - bf) <= (n.percent ? n.tolerance / 100 : n.tolerance) + 1e-9 * Math.max(1, bf);
}

const FALLS = /\b(?:fell|fall|falls|falling|dropped|drops|declined|declines|declining|decreased|decreases|shrank|shrunk|slipped|slid|down)\b|감소|하락|줄었|줄어|떨어|축소|내렸|내려/iu;
const RISES = /\b(?:rose|rise|rises|rising|grew|grows|growing|increased|increases|climbed|jumped|gained|up)\b|증가|상승|늘었|늘어|성장|확대|올랐|올라/iu;

/** Whether a sentence says something rose or fell: null when it says neither, or both ("costs fell, sales rose"). */
export function directionOf(text: string): 'up' | 'down' | null {
  const down = FALLS.test(text);
  return down === RISES.test(text) ? null : down ? 'down' : 'up';
}

/**
 * The nearest computed figure that agrees with `n` and with the way the sentence says it went: "fell
 * 41.7%" is not the change +41.7%, though signs are otherwise compared by size. A signed figure ("−3.2%")
 * says the way itself. `against` is the nearest one the way rules out, for the reason.
 */
function closestInDirection(n: ParsedNumber, derived: Derived[], subject: Subject): { d?: Derived; against?: Derived } {
  const way = /^[-−]/.test(n.text.trim()) ? 'down' : /^\+/.test(n.text.trim()) ? 'up' : subject.direction;
  const fits = (d: Derived) => !d.signed || !way || d.value === 0 || (d.value > 0) === (way === 'up');
  const d = closest(n, derived.filter(fits));
  return d ? { d } : { against: closest(n, derived.filter((x) => !fits(x))) };
}

/** A computed figure in words. */
const whatOf = (d: Derived, w: ClaimWords) => w.computation(d.computation, d.value);

const wentAgainst = (n: ParsedNumber, d: Derived, w: ClaimWords) => w.wentAgainst(n.text.trim(), whatOf(d, w), d.value > 0);

function distance(n: ParsedNumber, d: Derived): number {
  const a = Math.abs(n.value);
  const b = Math.abs(d.value);
  return n.percent === d.percent ? Math.abs(a - b) : Math.abs((n.percent ? a / 100 : a) - (d.percent ? b / 100 : b));
}

/**
 * For a small whole number, only a count or an exact result: to ±0.5 almost any few cells have some ratio
 * or spread near 7, and a number alone is not evidence.
 */
function plausible(n: ParsedNumber, derived: Derived[], subject: Subject): Derived[] {
  if (!isLabelLike(n) || n.year) return derived;
  const named = namedKinds(subject.text, n);
  // A series' own sum, mean or median is one value, not one of many pairs: written rounded ("sum 3" for
  // 2.9986), it is still that statistic; so is a trend or a deviation the figure's clause names.
  return derived.filter((d) => ONE_VALUE.has(kindOf(d)) || named.has(kindOf(d) as SeriesKind) || (!d.percent && Math.abs(Math.abs(d.value) - Math.abs(n.value)) < 1e-9));
}

const kindOf = (d: Derived) => ('pair' in d.computation ? null : d.computation.kind);

/**
 * The statistics `plausible` takes at their value for a small whole number: a count, a sum, a mean or a
 * median of a series, one value rather than one of many pairs. The median of the others (without one
 * value) is a median too: it is one of the two or three middle values' medians, whichever value is left out.
 */
const ONE_VALUE = new Set<SeriesKind | ValueKind | null>(['count', 'sum', 'mean', 'median', 'medianWithout']);

/**
 * Kinds of one value per series, or per cell, that a small whole number is read as only when its clause
 * names them: "trend rising (+2 per step)" / "단계당 -2", "std-dev 6" / "표준편차 6", "1/3 of the median of
 * the others" and "중앙값의 5배" (the others' median over one value, or one value over it: one per cell, so
 * only when written as that fraction or multiple).
 */
function namedKinds(text: string, n: ParsedNumber): Set<SeriesKind | ValueKind> {
  const from = Math.max(text.lastIndexOf(';', n.start), 0);
  const to = text.indexOf(';', n.end);
  const clause = text.slice(from, to < 0 ? text.length : to);
  const out = new Set<SeriesKind | ValueKind>();
  if (/\b(?:trend|slope|per step)\b|추세|기울기|단계당/i.test(clause)) out.add('trend');
  if (/\bstd\b|std-?dev|standard deviation|표준편차/i.test(clause)) out.add('stdDev');
  if (/(?<![\p{N}.,/])1\/\s*$/u.test(text.slice(0, n.start))) out.add('othersMedianOver');
  // "5배" is the analyst's Korean "5×" (read as a multiple in English): one value over the others' median.
  if (/^\s?배/u.test(text.slice(n.end))) out.add('overOthersMedian');
  return out;
}

/** Down a column, then the next column: the order "first → last" runs in. */
function bySheetOrder(x: Cell, y: Cell): number {
  const ax = parseA1(x.key);
  const ay = parseA1(y.key);
  if (!ax || !ay) return 0;
  return (ax.sheet ?? '').localeCompare(ay.sheet ?? '') || ax.left - ay.left || ax.top - ay.top;
}

type Finding = { ok: true; sources: ClaimSource[]; note?: string } | { ok: false; reason: string };

const NONE: ReadonlySet<Cell> = new Set();

/**
 * The cited cell whose row the sentence measures a change from: its label after "from", "since", "compared
 * with", "vs", "over", or before 대비, 에서, 보다, 부터. Null when the sentence names no such row.
 */
function baseOf(text: string, cells: Cell[]): Cell | null {
  if (cells.length > 12) return null;
  // The longest label first: "2025 Q2보다" names the row "2025 Q2", not "Q2".
  for (const c of [...cells].sort((a, b) => (b.rowLabel?.length ?? 0) - (a.rowLabel?.length ?? 0))) {
    const label = c.rowLabel?.trim();
    if (!label) continue;
    const l = labelPattern(label);
    const re = new RegExp(`(?:\\b(?:from|since|compared (?:with|to)|vs\\.?|versus|relative to|over)\\s+(?:the\\s+)?${l}(?![\\p{L}\\p{N}])|(?<![\\p{L}\\p{N}])${l}\\s*(?:대비|에서|보다|부터))`, 'iu');
    if (re.test(text)) return c;
  }
  return null;
}

const clip = (text: string) => (text.length > 60 ? `${text.slice(0, 57).trimEnd()}…` : text);

/**
 * A sentence about another quantity than the claim's: "부산 비용 1,200억원" (a cost) does not state that
 * 부산's 매출 (revenue) was 1,200억원, though it names 부산. Only when the claim names a quantity and the
 * sentence names others but not it.
 */
function ofAnotherMeasure(sentence: string, subject: Subject): boolean {
  if (!subject.measures.length) return false;
  const own = measuresOf(subjectWords(sentence));
  return own.length > 0 && !own.some((m) => subject.measures.includes(m));
}

/**
 * A sentence about another row than the claim's: another period of a kind the claim names ("Q4 revenue:
 * 9,100" for a claim about Q3), or another of the selection's row labels ("East" for a claim about West).
 */
function ofAnotherRow(sentence: string, subject: Subject, index: SheetIndex): boolean {
  if (periodsDisagree(subject.periods, periodTerms(sentence))) return true;
  const claimRows = [...subject.cellTerms].filter((t) => index.rowTerms.has(t) && !periodKind(t));
  const sentenceRows = [...cellTermsOf(sentence)].filter((t) => index.rowTerms.has(t) && !periodKind(t));
  return claimRows.length > 0 && sentenceRows.length > 0 && !claimRows.some((t) => sentenceRows.includes(t));
}

/**
 * Another sentence of the passage that names more of the claim's subject (all the words the figure's
 * sentence shares with it, and more) and gives a different figure of the same kind: the passage states
 * the claim's subject there. "서울 매출은 1,200억원이다. 부산 매출은 950억원이다." does not say 부산's
 * 매출 was 1,200억원, though the first sentence shares "매출" with the claim.
 */
function rivalOf(n: ParsedNumber, sharedTerms: string[], sentences: Array<{ text: string; numbers: ParsedNumber[] }>, at: number, subject: Subject): { text: string; figure: string } | undefined {
  // Words, not the figures glued to them ("200억원").
  const shared = sharedTerms.filter((t) => !/\d/.test(t));
  for (const [j, r] of sentences.entries()) {
    if (j === at) continue;
    const other = r.numbers.find((m) => m.unit === n.unit && m.percent === n.percent && m.unit !== 'date' && !m.year && !isLabelLike(m) && !agrees(n, evidenceOf(m)));
    if (!other) continue;
    const terms = termsOf(r.text);
    if (shared.every((t) => terms.has(t)) && [...terms].some((t) => subject.terms.has(t) && !shared.includes(t) && !/\d/.test(t))) return { text: r.text, figure: other.text.trim() };
  }
  return undefined;
}

/** One figure of a statement, looked for in the cited cells, the cited passages, then what is computed. */
function checkFigure(n: ParsedNumber, cited: Cited, subject: Subject, ctx: Context, excluded: ReadonlySet<Cell> = NONE): Finding {
  const w = ctx.words;
  const figure = n.text.trim();
  const ev = (c: Cell) => c.number !== null && agrees(n, { value: c.number.value, percent: c.number.percent, date: c.number.unit === 'date' });
  // 1. A cited cell holding it, unless the claim names another column or row for it, or leaves its row out.
  let conflict: LabelConflict | null = null;
  for (const cell of cited.cells.filter(ev)) {
    const why: LabelConflict | null = excluded.has(cell) ? { key: cell.key, header: cell.header, rowLabel: cell.rowLabel, as: 'excluded' } : labelConflict(cell, subject, ctx.index);
    if (!why) return { ok: true, sources: [cellSource(cell.key)] };
    conflict ??= why;
  }
  // The cited cell holds the figure under another label (`conflict`): the finding, unless the figure is also
  // computed from the cited cells ("a difference of 150" when another row holds 150), tried below.
  // A year, a small count or a date naming a cited cell's row or column ("in 2023", "week 3") is its label.
  const labelled = !conflict && (isLabelLike(n) || n.unit === 'date') ? cited.cells.find((c) => c.labelNumbers.some((m) => agrees(n, evidenceOf(m)))) : undefined;
  if (labelled) return { ok: true, sources: [cellSource(labelled.key)], note: w.labelOf(figure, labelled.key) };
  // 2. A cited passage stating it in a sentence that speaks of the claim's subject.
  let bare: StoredPassage | null = null;
  let elsewhere: string | null = null;
  for (const p of cited.passages) {
    const sentences = ctx.sentences.get(p.id) ?? [];
    for (const [i, s] of sentences.entries()) {
      if (!s.numbers.some((m) => agrees(n, evidenceOf(m)))) continue;
      const own = termsOf(s.text);
      // A number on a line of its own ("2021/04/18" under a title) is labelled by the lines around it.
      const near = own.size ? own : termsOf(`${sentences[i - 1]?.text ?? ''} ${sentences[i + 1]?.text ?? ''}`);
      const shared = [...near].filter((t) => subject.terms.has(t));
      // A sentence of another period ("Q4 | 10,000" in a table) states another row, words or none.
      if (!shared.length || periodsDisagree(subject.periods, periodTerms(s.text)) || (own.size && (ofAnotherMeasure(s.text, subject) || ofAnotherRow(s.text, subject, ctx.index)))) {
        bare ??= p;
        continue;
      }
      const rival = own.size ? rivalOf(n, shared, sentences, i, subject) : undefined;
      if (rival) {
        elsewhere ??= w.statedForOther(figure, w.passage(p), clip(s.text), rival.figure, clip(rival.text));
        continue;
      }
      return { ok: true, sources: [passageSource(p)] };
    }
  }
  // 3. A figure computed from the cited cells.
  let wrongWay: Derived | null = null;
  // Computed over the cited cells of the rows the sentence does not leave out ("excluding May, the mean …").
  const numeric = cited.cells.filter((c) => c.number !== null && c.number.unit !== 'date');
  const citedNumbers = numeric.filter((c) => !excluded.has(c)).sort(bySheetOrder);
  if (n.unit !== 'date' && citedNumbers.length >= 2) {
    const without = numeric.filter((c) => excluded.has(c)).map((c) => c.key);
    const of: Values = { ...(citedNumbers.length > 3 ? { first: citedNumbers[0].key, last: citedNumbers.at(-1)?.address as string } : { cells: citedNumbers.map((c) => c.key) }), ...(without.length ? { without } : {}) };
    const keys = citedNumbers.map((c) => c.key);
    const values = citedNumbers.map((c) => (c.number as ParsedNumber).value);
    const addresses = citedNumbers.map((c) => c.address);
    // The same range is cited by sentence after sentence (every row of a table under its heading): its
    // statistics are computed once per check.
    const cacheKey = [...keys, ...without].join('\n');
    let series = ctx.seriesCache.get(cacheKey);
    if (!series) {
      const points = citedNumbers.some((c) => c.number?.percent || percentLike(c.header));
      ctx.seriesCache.set(cacheKey, (series = seriesFigures(values, addresses, of, keys, null, points)));
    }
    const own = new Set(cited.own);
    const pairs =
      citedNumbers.length <= 12 ? pairFigures(values, addresses, keys, null, true, n)
      : cited.own && cited.own.length <= 3 ? pairFigures(values, addresses, keys, null, (i, j) => own.has(citedNumbers[i]) || own.has(citedNumbers[j]), n)
      : [];
    // A change runs from the row the sentence measures from ("from 1월", "2017 Q2 대비"), when it names one.
    const base = baseOf(subject.text, citedNumbers);
    const fromBase = (x: Derived) => !x.signed || !x.pair || !base || x.sources[0] === base.key;
    // A cited cell of another row or column holds the figure: then only a computation the sentence says it
    // makes counts, never an extreme or a median that is that very cell ("Q1 customers was 81 [C2:C4]").
    const derived = !conflict ? [...pairs.filter(fromBase), ...series] : subject.computes ? [...pairs.filter(fromBase), ...series].filter((x) => !x.extreme && kindOf(x) !== 'medianWithout') : [];
    const { d, against } = closestInDirection(n, plausible(n, derived, subject), subject);
    if (d) return { ok: true, sources: d.sources.map(cellSource), note: w.computed(figure, whatOf(d, w)) };
    if (against) wrongWay = against;
  }
  const citesNothing = !cited.cells.length && !cited.passages.length;
  // 4. Citing nothing: a cell of the selection that holds it and that the claim speaks of (a number alone
  // is not evidence).
  if (citesNothing) {
    const candidates = [...ctx.index.cells.values()].filter((c) => ev(c) && !excluded.has(c) && mentionsCell(c, subject) && !labelConflict(c, subject, ctx.index));
    if (candidates.length) return { ok: true, sources: [cellSource(candidates[0].key)] };
    // A year, a small count or a date is in the selection when a cell is labelled by it or a series has that many values.
    if (isLabelLike(n) || n.unit === 'date') {
      const cell = [...ctx.index.cells.values()].find((c) => c.labelNumbers.some((m) => agrees(n, evidenceOf(m))));
      if (cell) return { ok: true, sources: [cellSource(cell.key)], note: w.labelOf(figure, cell.key) };
      const counted = ctx.selectionAggregates.find((d) => kindOf(d) === 'count' && agrees(n, d));
      if (counted) return { ok: true, sources: counted.sources.map(cellSource), note: w.computed(figure, whatOf(counted, w)) };
    }
  }
  // 5. Citing cells or nothing: a statistic of a selected column or row that the claim names, in a sentence
  // that says it computes one ("average", "total", "%"). Not a minimum or maximum: those are cells, and a
  // claim about a cell must name the right one.
  if (n.unit !== 'date' && (citesNothing || cited.cells.length > 0) && subject.computes) {
    const aggregates = excluded.size ? aggregatesWithout(ctx, excluded) : ctx.selectionAggregates;
    const { d, against } = closestInDirection(n, plausible(n, aggregates.filter((x) => !x.extreme && shares(subject.cellTerms, x.label)), subject), subject);
    if (d) return { ok: true, sources: d.sources.map(cellSource), note: w.computed(figure, whatOf(d, w)) };
    if (against) wrongWay ??= against;
  }

  if (conflict) return { ok: false, reason: w.misnamed(figure, conflict) };
  if (wrongWay) return { ok: false, reason: wentAgainst(n, wrongWay, w) };
  if (elsewhere) return { ok: false, reason: elsewhere };
  if (bare) return { ok: false, reason: w.notNextTo(figure, w.passage(bare)) };
  if (cited.passages.length) return { ok: false, reason: w.notInPassages(figure, w.list(cited.passages.map(w.passage))) };
  if (cited.cells.length) return { ok: false, reason: w.notInCells(figure, w.list(cited.cells.slice(0, 4).map((c) => c.key)), cited.cells.length > 4) };
  return { ok: false, reason: w.noSource(figure) };
}

/** One quotation: it must be in a cited passage (or be the text of a cell). */
function checkQuote(q: string, cited: Cited, ctx: Context): Finding {
  const fragments = comparableText(q).split(/\s*(?:…|\.\.\.|\[\.\.\.\])\s*/).map((f) => f.replace(/^[\s.,;:]+|[\s.,;:]+$/g, '')).filter((f) => f.length > 0);
  const within = (hay: string) => fragments.every((f) => hay.includes(f));
  for (const p of cited.passages) if (within(ctx.comparable.get(p.id) ?? '')) return { ok: true, sources: [passageSource(p)] };
  const cells = cited.cells.length ? cited.cells : [...ctx.index.cells.values()];
  const cell = cells.find((c) => c.text && within(comparableText(c.text)));
  if (cell) return { ok: true, sources: [cellSource(cell.key)] };
  const short = q.length > 40 ? `${q.slice(0, 37)}…` : q;
  const w = ctx.words;
  if (!cited.passages.length) return { ok: false, reason: w.quoteUncited(short) };
  return { ok: false, reason: w.quoteNotIn(short, w.list(cited.passages.map(w.passage))) };
}

function checkStatement(st: Statement, headingCells: Cell[], ctx: Context): Claim | null {
  const text = normalizeText(st.text);
  const cited = citedBy(text, ctx.index, ctx.byId);
  const inherited = headingCells.filter((c) => !cited.cells.includes(c));
  const all: Cited = { ...cited, cells: [...cited.cells, ...inherited], own: cited.cells };
  const quotes = quotesOf(text);
  // A number inside an identifier, a version or a path the cited source holds whole is the identifier, checked.
  const sourceTexts = [...cited.passages.map((p) => ctx.comparable.get(p.id) ?? ''), ...all.cells.map((c) => comparableText(c.text))];
  // A label written in the sentence ("Week 15", "2016년 7월") names its row: its digits are not figures.
  const labelSpans = ctx.index.numberedLabels ? spansOf(text, ctx.index.numberedLabels) : [];
  const prose = mask(text, [...cited.spans, ...spansOf(text, MARKER)]);
  // Rows the sentence leaves out by name ("excluding 2023") are named, like a label: not figures.
  const exclusion = exclusionOf(prose, ctx);
  const figures = claimFigures(text, [...cited.spans, ...labelSpans, ...(exclusion?.names ?? [])]).filter((n) => {
    const token = tokenAround(text, n);
    return !token || !sourceTexts.some((t) => t.includes(comparableText(token)));
  });
  if (st.heading && !figures.length && !quotes.length) return null;

  // The heading's own citations ("['2024 실적'!B2:B5]") are references, not words of the subject.
  const context = mask(st.context, spansOf(st.context, MARKER));
  const subjectOf = (words: string, labels: Array<[number, number]>): Subject => ({
    terms: termsOf(`${words} ${context}`),
    cellTerms: cellTermsOf(`${words} ${context}`),
    measures: measuresOf(subjectWords(`${words} ${context}`)),
    direction: directionOf(prose),
    periods: claimPeriods(`${words} ${context}`),
    text: prose,
    namedRows: new Set(labels.map(([a, b]) => labelKey(text.slice(a, b))).filter((l) => ctx.index.numberedRows.has(l))),
    years: new Set(parseNumbers(`${words} ${context}`).filter((n) => n.year).map((n) => String(n.value))),
    computes: COMPUTES.test(prose),
  });
  const subject = subjectOf(prose, labelSpans);
  // Rows the sentence leaves out by name are not its subject: its figures are of the others, except one
  // written in the phrase that leaves them out.
  const outside = exclusion && subjectOf(mask(prose, exclusion.names), labelSpans.filter(([a, b]) => !exclusion.names.some(([x, y]) => a < y && x < b)));
  const check = (n: ParsedNumber) =>
    exclusion && outside && !exclusion.clauses.some(([a, b]) => n.start >= a && n.end <= b) ? checkFigure(n, all, outside, ctx, exclusion.cells) : checkFigure(n, all, subject, ctx);
  const citedSources: ClaimSource[] = [...cited.passages.map(passageSource), ...cited.cells.map((c) => cellSource(c.key))];
  if (!figures.length && !quotes.length) return { text: st.text, verdict: 'unchecked', sources: citedSources };

  const sources: ClaimSource[] = [];
  const notes: string[] = [];
  const failures: string[] = [];
  for (const f of [...figures.map(check), ...quotes.map((q) => checkQuote(q, all, ctx))]) {
    if (f.ok) {
      f.sources.forEach((s) => addSource(sources, s));
      if (f.note) notes.push(f.note);
    } else failures.push(f.reason);
  }
  if (failures.length) {
    return { text: st.text, verdict: 'unsupported', sources: citedSources, reason: [...new Set(failures)].join('; '), checkedBy: 'rules' };
  }
  return { text: st.text, verdict: 'supported', sources, ...(notes.length ? { reason: [...new Set(notes)].join('; ') } : {}), checkedBy: 'rules' };
}

/**
 * The deterministic pass over an answer: one claim per statement, each `supported`, `unsupported` (with a
 * reason) or `unchecked` (nothing in it to check). `passages` are the ones given to the model (their ids
 * are what it cites); `selection` is the cells it was shown; `language` is the question's (detectLanguage),
 * the one reasons and notes are written in (English by default).
 */
export function checkClaims(input: { answer: string; passages: StoredPassage[]; selection: Selection; language?: Language }): Claim[] {
  const ctx = contextOf(input.passages, input.selection, input.language ?? 'en');
  const claims: Claim[] = [];
  let headingCells: Cell[] = [];
  for (const st of statementsOf(input.answer)) {
    if (st.heading) headingCells = citedBy(normalizeText(st.text), ctx.index, ctx.byId).cells;
    else if (!st.context) headingCells = [];
    const claim = checkStatement(st, st.heading ? [] : headingCells, ctx);
    if (claim) claims.push(claim);
  }
  return claims;
}

/**
 * The cells a claim cites, each with its labels and value ("Sales!B6 (Revenue ($), May) = 9100"), for the
 * model's second pass: it sees the cell as the rules do.
 */
export function describeCells(selection: Selection, addresses: string[]): string[] {
  const index = indexSelection(selection);
  return addresses.flatMap((address) => resolveCells(index, address)).map((c) => {
    const labels = [c.header, c.rowLabel].filter(Boolean).join(', ');
    return `${c.key}${labels ? ` (${labels})` : ''} = ${c.number ? c.number.text : c.text || '(empty)'}`;
  });
}
