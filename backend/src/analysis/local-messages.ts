/**
 * Every heading and sentence the local analyst writes, one table per language. The wording differs, the
 * evidence does not: cell citations ([B2], [B2:B9]) and passage citations ([P1]) are written the same way
 * in every language, and the claim verifier (claims.ts) knows each table's words for a computation.
 * Numbers are formatted with Intl for the language's locale.
 */
import { LOCALES, type Language } from '../prompts/language.js';

export type Trend = 'rising' | 'falling' | 'flat';

export interface LocalMessages {
  /** Formats a number for reading (no more decimals than it needs). */
  fmt(n: number): string;
  disclaimer: string;
  question(q: string): string;
  areasHeading(several: boolean): string;
  /** "Revenue, Margin and Cost". */
  list(items: string[]): string;
  /** A column without a header, named by its letters. */
  columnName(letters: string): string;
  /** A row without a label, named by its number. */
  rowName(row: number): string;
  area: {
    computed(here: string, names: string): string;
    labels(here: string, named: string): string;
    single(here: string): string;
    noColumn(here: string): string;
    empty(here: string): string;
    textOnly(here: string): string;
    textBeside(here: string): string;
    textElsewhere(here: string): string;
  };
  nothingToCompute: string;
  seriesHead(name: string, count: number, unit: string | null, by: string | null, range: string): string;
  stats(sum: string, mean: string, median: string, stdDev: string, range: string): string;
  extremes(min: string, max: string): string;
  trend(direction: Trend, slope: string, change: string | null, range: string): string;
  categories(labelName: string | null): string;
  outliers(list: string, range: string): string;
  noOutliers(range: string): string;
  fewValues(count: number): string;
  fewClose(few: string, range: string): string;
  fewApart(few: string, point: string, how: string, range: string): string;
  timesMedian(times: string, median: string): string;
  fractionOfMedian(times: string, median: string): string;
  projection(range: string, value: string): string;
  compareHeader(rowLabelName: string | null, name: string, top: string): [string, string, string, string];
  compareMore(count: number): string;
  notApplicable: string;
  largestGap(top: string, low: string, difference: string, below: string | null): string;
  below(low: string, pct: string, top: string): string;
  notRanked(why: string): string;
  differentUnits(list: string): string;
  inUnit(unit: string): string;
  withoutUnit: string;
  differentQuantities(list: string): string;
  differentScales: string;
  highestMean(high: string, low: string): string;
  perRowHeading: string;
  perRow(label: string, sum: string, mean: string, span: string, min: string, max: string): string;
  perRowMore(count: number): string;
  figuresHeading: string;
  noFigureChecked: string;
  quotesHeading: string;
  noPassageMentions: string;
  noPassageMatched: string;
  ownFile(names: string, several: boolean): string;
  page(page: number): string;
  ocr: string;
}

/**
 * A number for reading in a language's locale, no more decimals than it needs (the claim check's words use
 * it too). Built once per locale: toLocaleString with options builds a new formatter on every call.
 */
export function numberFormat(language: Language): (n: number) => string {
  const formats = [0, 2, 4].map((d) => new Intl.NumberFormat(LOCALES[language], { maximumFractionDigits: d }));
  return (n) => {
    const abs = Math.abs(n);
    return formats[abs >= 1000 ? 0 : abs >= 1 ? 1 : 2].format(n);
  };
}

const joinWith = (last: string) => (items: string[]) => (items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')}${last}${items.at(-1)}`);

const en: LocalMessages = {
  fmt: numberFormat('en'),
  disclaimer: '_Local analyst: computed statistics and document quotes, not an answer from a language model._',
  question: (q) => `Question: ${q}`,
  areasHeading: (several) => (several ? '**Selected areas**' : '**Selected area**'),
  list: joinWith(' and '),
  columnName: (letters) => `column ${letters}`,
  rowName: (row) => `Row ${row}`,
  area: {
    computed: (here, names) => `- ${here} holds ${names}, computed below`,
    labels: (here, named) => `- ${here} holds labels, used to name the rows of ${named}`,
    single: (here) => `- ${here} holds a single number, too few to compute statistics on`,
    noColumn: (here) => `- ${here} has no column with at least two numbers, too few to compute statistics on`,
    empty: (here) => `- ${here} is empty`,
    textOnly: (here) => `- ${here} holds text only, nothing to compute`,
    textBeside: (here) => `- ${here} holds text only, nothing to compute; it does not span every row of the numbers beside it, or they are named by labels of their own`,
    textElsewhere: (here) => `- ${here} holds text only, nothing to compute; it is on other rows than the selected numbers, so it names none of them`,
  },
  nothingToCompute: 'The selection has no numeric column with at least two numbers, so there is nothing to compute.',
  seriesHead: (name, count, unit, by, range) => `**${name}** (${count} numbers${unit ? `, ${unit}` : ''}${by ? `, by ${by}` : ''}) ${range}`,
  stats: (sum, mean, median, stdDev, range) => `- sum ${sum}; mean ${mean}; median ${median}; std-dev ${stdDev} ${range}`,
  extremes: (min, max) => `- min ${min}; max ${max}`,
  trend: (direction, slope, change, range) => `- trend ${direction} (${slope} per step); first → last ${change ?? 'n/a (starts at 0)'} ${range}`,
  categories: (name) => `- the rows are categories (${name ?? 'labels'}), not periods: no trend or projection follows from their order`,
  outliers: (list, range) => `- outliers: ${list} (beyond 1.5× the interquartile range of ${range})`,
  noOutliers: (range) => `- no outliers (all values within 1.5× the interquartile range) ${range}`,
  fewValues: (count) => `- too few values (${count}) for an outlier test`,
  fewClose: (few, range) => `${few}; they are within a factor of 2 of one another ${range}.`,
  fewApart: (few, point, how, range) => `${few}; ${point} stands apart at ${how} ${range}.`,
  timesMedian: (times, median) => `${times}× the median of the others (${median})`,
  fractionOfMedian: (times, median) => `1/${times} of the median of the others (${median})`,
  projection: (range, value) => `_Linear projection of the next step, an extrapolation of the trend in ${range} rather than a figure in the cells: ${value}._`,
  compareHeader: (rowLabelName, name, top) => [rowLabelName ?? 'Item', name, `vs ${top}`, '%'],
  compareMore: (count) => `… ${count} more`,
  notApplicable: 'n/a',
  largestGap: (top, low, difference, below) => `Largest gap: ${top} against ${low}, a difference of ${difference}${below ? ` (${below})` : ''}.`,
  below: (low, pct, top) => `${low} is ${pct}% below ${top}`,
  notRanked: (why) => `The series' means are not ranked against one another: ${why}.`,
  differentUnits: (list) => `they are in different units (${list})`,
  inUnit: (unit) => `in ${unit}`,
  withoutUnit: 'without a unit',
  differentQuantities: (list) => `they measure different quantities (${list})`,
  differentScales: 'their scales differ more than a hundredfold, so they are not one measure',
  highestMean: (high, low) => `Highest mean: ${high}; lowest: ${low}.`,
  perRowHeading: '**Per row**',
  perRow: (label, sum, mean, span, min, max) => `- ${label}: sum ${sum}, mean ${mean} ${span}; min ${min}, max ${max}`,
  perRowMore: (count) => `- … ${count} more rows`,
  figuresHeading: '**Selected figures your documents state**',
  noFigureChecked: 'None of the selected figures appears in the retrieved passages next to its label, so none could be checked against them.',
  quotesHeading: '**From your documents**',
  noPassageMentions: 'No passage in the project documents mentions the words of the question or of the selected headers.',
  noPassageMatched: 'No passage in the project documents matched the question.',
  ownFile: (names, several) => `_${names} ${several ? 'hold' : 'holds'} the selected cells themselves, so ${several ? 'they are' : 'it is'} not quoted as evidence about them._`,
  page: (page) => `p. ${page}`,
  ocr: ' (scanned page, read by OCR)',
};

const TREND_KO: Record<Trend, string> = { rising: '상승', falling: '하락', flat: '보합' };

/*
 * Korean. A label or a column name may end in any letter, so no particle (은/는, 이/가, 을/를) follows one:
 * the sentences put a colon or a postposition that does not depend on the last sound (보다, 대비, 기준) after it.
 */
const ko: LocalMessages = {
  fmt: numberFormat('ko'),
  disclaimer: '_로컬 분석기: 계산한 통계와 문서 인용이며, 언어 모델이 쓴 답변이 아닙니다._',
  question: (q) => `질문: ${q}`,
  areasHeading: () => '**선택한 영역**',
  list: joinWith(' 및 '),
  columnName: (letters) => `${letters}열`,
  rowName: (row) => `${row}행`,
  area: {
    computed: (here, names) => `- ${here}: ${names} — 아래에서 계산합니다`,
    labels: (here, named) => `- ${here}: 레이블 — ${named}의 행 이름으로 씁니다`,
    single: (here) => `- ${here}: 숫자가 하나뿐이라 통계를 계산할 수 없습니다`,
    noColumn: (here) => `- ${here}: 숫자가 두 개 이상인 열이 없어 통계를 계산할 수 없습니다`,
    empty: (here) => `- ${here}: 비어 있습니다`,
    textOnly: (here) => `- ${here}: 텍스트만 있어 계산할 것이 없습니다`,
    textBeside: (here) => `- ${here}: 텍스트만 있어 계산할 것이 없습니다; 옆에 있는 숫자의 모든 행에 걸쳐 있지 않거나, 그 숫자에는 자체 레이블이 있습니다`,
    textElsewhere: (here) => `- ${here}: 텍스트만 있어 계산할 것이 없습니다; 선택한 숫자와 다른 행에 있어 어느 숫자의 이름도 되지 않습니다`,
  },
  nothingToCompute: '선택 영역에 숫자가 두 개 이상인 열이 없어 계산할 것이 없습니다.',
  seriesHead: (name, count, unit, by, range) => `**${name}** (숫자 ${count}개${unit ? `, ${unit}` : ''}${by ? `, 행 기준: ${by}` : ''}) ${range}`,
  stats: (sum, mean, median, stdDev, range) => `- 합계 ${sum}; 평균 ${mean}; 중앙값 ${median}; 표준편차 ${stdDev} ${range}`,
  extremes: (min, max) => `- 최솟값 ${min}; 최댓값 ${max}`,
  trend: (direction, slope, change, range) => `- 추세 ${TREND_KO[direction]} (단계당 ${slope}); 처음 → 마지막 ${change ?? '해당 없음 (0에서 시작)'} ${range}`,
  categories: (name) => `- 행이 기간이 아니라 범주(${name ?? '레이블'})라서 그 순서로는 추세도 예측도 나오지 않습니다`,
  outliers: (list, range) => `- 이상치: ${list} (${range} 사분위범위의 1.5배 밖)`,
  noOutliers: (range) => `- 이상치 없음 (모든 값이 사분위범위의 1.5배 안) ${range}`,
  fewValues: (count) => `- 값이 너무 적어(${count}개) 이상치 검정을 할 수 없습니다`,
  fewClose: (few, range) => `${few}; 값들이 서로 2배 이내에 있습니다 ${range}.`,
  fewApart: (few, point, how, range) => `${few}; ${point} — ${how}로 두드러집니다 ${range}.`,
  timesMedian: (times, median) => `나머지 값의 중앙값(${median})의 ${times}배`,
  fractionOfMedian: (times, median) => `나머지 값의 중앙값(${median})의 1/${times}`,
  projection: (range, value) => `_다음 단계의 선형 예측: 셀에 있는 수치가 아니라 ${range} 추세를 연장한 값입니다: ${value}._`,
  compareHeader: (rowLabelName, name, top) => [rowLabelName ?? '항목', name, `${top} 대비`, '%'],
  compareMore: (count) => `… 외 ${count}개`,
  notApplicable: '해당 없음',
  largestGap: (top, low, difference, below) => `가장 큰 차이: ${top} 대 ${low}, 차이 ${difference}${below ? ` (${below})` : ''}.`,
  below: (low, pct, top) => `${low}: ${top}보다 ${pct}% 낮음`,
  notRanked: (why) => `계열의 평균을 서로 순위 매기지 않습니다: ${why}.`,
  differentUnits: (list) => `단위가 서로 다릅니다 (${list})`,
  inUnit: (unit) => `단위 ${unit}`,
  withoutUnit: '단위 없음',
  differentQuantities: (list) => `서로 다른 양을 측정합니다 (${list})`,
  differentScales: '규모가 백 배 넘게 달라 하나의 측정값이 아닙니다',
  highestMean: (high, low) => `평균이 가장 높은 계열: ${high}; 가장 낮은 계열: ${low}.`,
  perRowHeading: '**행별**',
  perRow: (label, sum, mean, span, min, max) => `- ${label}: 합계 ${sum}, 평균 ${mean} ${span}; 최솟값 ${min}, 최댓값 ${max}`,
  perRowMore: (count) => `- … 외 ${count}개 행`,
  figuresHeading: '**문서에 나오는 선택한 수치**',
  noFigureChecked: '선택한 수치 가운데 검색된 문단에서 레이블 옆에 나오는 것이 없어, 어느 수치도 문서와 대조하지 못했습니다.',
  quotesHeading: '**문서에서 찾은 내용**',
  noPassageMentions: '프로젝트 문서의 어느 문단도 질문이나 선택한 머리글의 단어를 언급하지 않습니다.',
  noPassageMatched: '프로젝트 문서에서 질문과 일치하는 문단이 없습니다.',
  ownFile: (names) => `_${names}: 선택한 셀 자체가 들어 있는 파일이라, 그 셀에 대한 근거로 인용하지 않습니다._`,
  page: (page) => `${page}쪽`,
  ocr: ' (스캔한 페이지를 문자 인식으로 읽음)',
};

const MESSAGES: Record<Language, LocalMessages> = { en, ko };

/** The local analyst's messages in a language. */
export function localMessages(language: Language): LocalMessages {
  return MESSAGES[language];
}
