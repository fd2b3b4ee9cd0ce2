/**
 * Every word the claim check writes (claims.ts, verify-model.ts), one table per language: the reason an
 * unsupported claim is flagged with and the note that names the computation behind a supported one. The
 * check reasons in structures (a figure's kind of computation, the cells and labels it is about); the
 * words are put to them only here, when a reason or a note is written. Figures as the answer wrote them,
 * cell references, labels, document names and quotations are kept as they are in every language.
 *
 * Korean: a figure, a label or a cell reference may end in any sound, so no particle that depends on it
 * (은/는, 이/가, 을/를) follows one; a colon, or a postposition that does not (의, 에, 대비), does — as in
 * the local analyst's messages (local-messages.ts).
 */
import type { Language } from '../prompts/language.js';
import { numberFormat } from './local-messages.js';

/**
 * The values a statistic is computed over; `without`: the cells of rows the sentence leaves out ("excluding
 * May"), which it is computed without.
 */
export type Values = (
  /** A few cited cells, listed: "Sales!B2, Sales!B3 and Sales!B4". */
  | { cells: string[] }
  /** Cited cells from the first to the last: "Sales!B2…B7". */
  | { first: string; last: string }
  /** A series of the selection: "Revenue ($) (B2:B7)"; a row without a label is named by its sheet row. */
  | { label: string; address: string; sheetRow?: number }
) & { without?: string[] };

/** The statistics of a set of values (claims.ts seriesFigures). */
export type SeriesKind = 'sum' | 'mean' | 'median' | 'minimum' | 'maximum' | 'count' | 'stdDev' | 'trend' | 'projection' | 'range' | 'change';
/** What one value of a set is against the others (claims.ts seriesFigures). */
export type ValueKind = 'medianWithout' | 'overOthersMedian' | 'othersMedianOver' | 'shareOfSum';
/** What two cells give (claims.ts pairFigures): `a` is the first of the pair, `b` the second. */
export type PairKind = 'difference' | 'ratio' | 'change' | 'share';

/**
 * A figure computed from cells, as the check knows it. `change` (of a series first → last, or of a pair
 * from `a` to `b`) is written with its percentage, which is the figure's value.
 */
export type Computation =
  | { kind: SeriesKind; of: Values }
  | { kind: ValueKind; of: Values; cell: string }
  | { pair: PairKind; a: string; b: string };

/** A cited cell that holds the figure but is another column or row than the sentence names. */
export interface LabelConflict {
  /** "Sales!B6" */
  key: string;
  header: string | null;
  rowLabel: string | null;
  /** The sentence names another column (the cell is read by its header) or another row, or leaves its row out. */
  as: 'column' | 'row' | 'excluded';
}

/** A passage as a reason names it: its id, document and page. */
export interface PassageRef {
  id: string;
  documentName: string;
  page: number | null;
}

export interface ClaimWords {
  /** Formats a number for reading (a percentage in a computation's name). */
  fmt(n: number): string;
  /** "A, B and C". */
  list(items: string[]): string;
  /** "P1 (annual-report.pdf p. 2)". */
  passage(p: PassageRef): string;
  /** A computation's name: "the sum of Sales!B2…B7". */
  computation(c: Computation, value: number): string;

  // Reasons of an unsupported claim. `figure` is the figure as the answer wrote it.
  /** The cited passages do not state it. */
  notInPassages(figure: string, passages: string): string;
  /** The cited cells (the first few, `more` when there are others) neither hold nor give it. */
  notInCells(figure: string, cells: string, more: boolean): string;
  /** Cites nothing, and no cell of the selection holds it. */
  noSource(figure: string): string;
  /** The passage states it, but not next to the words of the claim's subject. */
  notNextTo(figure: string, passage: string): string;
  /** The passage states it for one thing (`sentence`) and gives `rival` for the claim's subject (`rivalSentence`). */
  statedForOther(figure: string, passage: string, sentence: string, rival: string, rivalSentence: string): string;
  /** A cited cell holds it, under another column or row than the sentence names. */
  misnamed(figure: string, conflict: LabelConflict): string;
  /** It is `what`, which went the other way than the sentence says. */
  wentAgainst(figure: string, what: string, rose: boolean): string;
  /** A quotation that cites no passage. */
  quoteUncited(quote: string): string;
  /** A quotation the cited passages do not hold. */
  quoteNotIn(quote: string, passages: string): string;

  // Notes of a supported claim.
  /** A year, a small count or a date that labels a cell's row or column. */
  labelOf(figure: string, cell: string): string;
  /** A figure computed from cells. */
  computed(figure: string, what: string): string;

  // The model's second pass (verify-model.ts), when its reply gives no reason.
  modelFound: string;
  modelNotFound: string;
}

const pct = (fmt: (n: number) => string, n: number) => `${n > 0 ? '+' : ''}${fmt(n)}%`;

function englishValues(v: Values, list: (items: string[]) => string): string {
  const without = v.without?.length ? ` without ${list(v.without)}` : '';
  if ('cells' in v) return `${list(v.cells)}${without}`;
  if ('first' in v) return `${v.first}…${v.last}${without}`;
  return `${v.label} (${v.address})${without}`;
}

const enFmt = numberFormat('en');
const enList = (items: string[]) => (items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`);

const EN_SERIES: Record<SeriesKind, (of: string, value: number) => string> = {
  sum: (of) => `the sum of ${of}`,
  mean: (of) => `the mean of ${of}`,
  median: (of) => `the median of ${of}`,
  minimum: (of) => `the minimum of ${of}`,
  maximum: (of) => `the maximum of ${of}`,
  count: (of) => `the count of ${of}`,
  stdDev: (of) => `the standard deviation of ${of}`,
  trend: (of) => `the trend per step of ${of}`,
  projection: (of) => `the linear projection of the next step of ${of}`,
  range: (of) => `the range (max − min) of ${of}`,
  change: (of, value) => `the change first → last of ${of} (${pct(enFmt, value)})`,
};

const EN_VALUE: Record<ValueKind, (of: string, cell: string) => string> = {
  medianWithout: (of, cell) => `the median of ${of} without ${cell}`,
  overOthersMedian: (of, cell) => `${cell} ÷ the median of the others in ${of}`,
  othersMedianOver: (of, cell) => `the median of the others in ${of} ÷ ${cell}`,
  shareOfSum: (of, cell) => `${cell} as a share of the sum of ${of}`,
};

const EN_PAIR: Record<PairKind, (a: string, b: string, value: number) => string> = {
  difference: (a, b) => `the difference ${b} − ${a}`,
  ratio: (a, b) => `the ratio ${a} ÷ ${b}`,
  change: (a, b, value) => `the change from ${a} to ${b} (${pct(enFmt, value)})`,
  share: (a, b) => `${a} as a share of ${b}`,
};

/** "Sales!B6 is Revenue ($) of May": the column first when the sentence names another column. */
function englishConflict(c: LabelConflict): string {
  if (c.as === 'column') return `${c.key} is ${c.header}${c.rowLabel ? ` of ${c.rowLabel}` : ''}`;
  return `${c.key} is ${c.header ? `${c.header} of ` : ''}${c.rowLabel}`;
}

const en: ClaimWords = {
  fmt: enFmt,
  list: enList,
  passage: (p) => `${p.id} (${p.documentName}${p.page ? ` p. ${p.page}` : ''})`,
  computation(c, value) {
    if ('pair' in c) return EN_PAIR[c.pair](c.a, c.b, value);
    const of = englishValues(c.of, enList);
    return 'cell' in c ? EN_VALUE[c.kind](of, c.cell) : EN_SERIES[c.kind](of, value);
  },
  notInPassages: (figure, passages) => `${figure} is not in ${passages}`,
  notInCells: (figure, cells, more) => `${figure} is not in the cited cells (${cells}${more ? '…' : ''}) or computed from them`,
  noSource: (figure) => `${figure} cites no source and is not in the selection`,
  notNextTo: (figure, passage) => `${figure} appears in ${passage} but not next to what the sentence says it is`,
  statedForOther: (figure, passage, sentence, rival, rivalSentence) => `${figure} is in ${passage} for "${sentence}", but it gives ${rival} for "${rivalSentence}"`,
  misnamed: (figure, c) => `${figure} is in ${c.key}, but ${englishConflict(c)}, ${c.as === 'excluded' ? 'which the sentence leaves out' : 'not what the sentence names'}`,
  wentAgainst: (figure, what, rose) => `${figure} is ${what}, which ${rose ? 'rose' : 'fell'}, but the sentence says it ${rose ? 'fell' : 'rose'}`,
  quoteUncited: (quote) => `the quote "${quote}" cites no passage`,
  quoteNotIn: (quote, passages) => `the quote "${quote}" is not in ${passages}`,
  labelOf: (figure, cell) => `${figure} is a label of ${cell}`,
  computed: (figure, what) => `${figure} is ${what}`,
  modelFound: 'The model found it in the cited evidence.',
  modelNotFound: 'The model did not find it in the cited evidence.',
};

const koFmt = numberFormat('ko');
/** Cell references and passages listed with commas, as a Korean analyst lists them: "(B2, B3)". */
const koList = (items: string[]) => items.join(', ');

function koreanValues(v: Values): string {
  const without = v.without?.length ? `(${koList(v.without)} 제외)` : '';
  if ('cells' in v) return `${koList(v.cells)}${without}`;
  if ('first' in v) return `${v.first}…${v.last}${without}`;
  return `${v.sheetRow === undefined ? v.label : `${v.sheetRow}행`} (${v.address})${without}`;
}

const KO_SERIES: Record<SeriesKind, (of: string, value: number) => string> = {
  sum: (of) => `${of}의 합계`,
  mean: (of) => `${of}의 평균`,
  median: (of) => `${of}의 중앙값`,
  minimum: (of) => `${of}의 최솟값`,
  maximum: (of) => `${of}의 최댓값`,
  count: (of) => `${of}의 개수`,
  stdDev: (of) => `${of}의 표준편차`,
  trend: (of) => `${of}의 단계당 추세`,
  projection: (of) => `${of}의 다음 단계 선형 예측값`,
  range: (of) => `${of}의 범위(최댓값 − 최솟값)`,
  change: (of, value) => `${of}의 처음 → 마지막 증감률(${pct(koFmt, value)})`,
};

const KO_VALUE: Record<ValueKind, (of: string, cell: string) => string> = {
  medianWithout: (of, cell) => `${of}의 중앙값(${cell} 제외)`,
  overOthersMedian: (of, cell) => `${cell} ÷ ${of} 중 나머지 값의 중앙값`,
  othersMedianOver: (of, cell) => `${of} 중 나머지 값의 중앙값 ÷ ${cell}`,
  shareOfSum: (of, cell) => `${of}의 합계 중 ${cell}의 비중`,
};

const KO_PAIR: Record<PairKind, (a: string, b: string, value: number) => string> = {
  difference: (a, b) => `${b} − ${a}의 차이`,
  ratio: (a, b) => `${a} ÷ ${b}의 비율`,
  change: (a, b, value) => `${a} 대비 ${b} 증감률(${pct(koFmt, value)})`,
  share: (a, b) => `${b} 대비 ${a}의 비중`,
};

/** What a cell is by its labels: "5월의 매출" (row, then column), or "5월 행" for a row without a header. */
function koreanCell(c: LabelConflict): string {
  if (c.as === 'column') return `${c.rowLabel ? `${c.rowLabel}의 ` : ''}${c.header}`;
  return c.header ? `${c.rowLabel}의 ${c.header}` : `${c.rowLabel} 행`;
}

const ko: ClaimWords = {
  fmt: koFmt,
  list: koList,
  passage: (p) => `${p.id} (${p.documentName}${p.page ? ` ${p.page}쪽` : ''})`,
  computation(c, value) {
    if ('pair' in c) return KO_PAIR[c.pair](c.a, c.b, value);
    const of = koreanValues(c.of);
    return 'cell' in c ? KO_VALUE[c.kind](of, c.cell) : KO_SERIES[c.kind](of, value);
  },
  notInPassages: (figure, passages) => `${figure}: ${passages}에 없는 수치입니다`,
  notInCells: (figure, cells, more) => `${figure}: 인용한 셀(${cells}${more ? '…' : ''})에 없고 계산으로도 나오지 않습니다`,
  noSource: (figure) => `${figure}: 출처를 인용하지 않았고 선택 영역에 없습니다`,
  notNextTo: (figure, passage) => `${figure}: ${passage}에 나오지만, 문장이 말하는 항목의 수치로 나오지는 않습니다`,
  statedForOther: (figure, passage, sentence, rival, rivalSentence) => `${figure}: ${passage}에서 "${sentence}"의 수치이며, "${rivalSentence}"의 수치는 ${rival}입니다`,
  misnamed: (figure, c) => (c.as === 'excluded' ? `${figure}: ${c.key}에 있지만, 이 셀은 문장이 제외한 ${koreanCell(c)}입니다` : `${figure}: ${c.key}에 있지만, 이 셀은 문장이 말하는 항목이 아니라 ${koreanCell(c)}입니다`),
  wentAgainst: (figure, what, rose) => `${figure}: ${what} — 실제로는 ${rose ? '증가했는데' : '감소했는데'} 문장은 ${rose ? '감소했다고' : '증가했다고'} 말합니다`,
  quoteUncited: (quote) => `인용문 "${quote}": 출처 문단을 인용하지 않았습니다`,
  quoteNotIn: (quote, passages) => `인용문 "${quote}": ${passages}에 없습니다`,
  labelOf: (figure, cell) => `${figure}: ${cell}의 레이블`,
  computed: (figure, what) => `${figure}: ${what}`,
  modelFound: '모델이 인용한 근거에서 확인했습니다.',
  modelNotFound: '모델이 인용한 근거에서 확인하지 못했습니다.',
};

const WORDS: Record<Language, ClaimWords> = { en, ko };

/** The claim check's words in a language. */
export function claimWords(language: Language): ClaimWords {
  return WORDS[language];
}
