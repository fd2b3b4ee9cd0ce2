/**
 * Whether a text speaks of a label: a header, a row name or a claim's subject. A number is evidence for a
 * figure only next to the words that say what it counts ("deliver 1200 units per month" does not state
 * "Revenue 1,200"), so every figure match asks this too.
 *
 * Words are compared by a light stem: lower-case, Korean particles cut off the end of a Hangul word
 * ("매출은" → "매출"), and the first five letters of a longer Latin word ("margins" meets "margin",
 * "revenues" meets "revenue").
 */
import { keywords } from './context.js';

/** Hangul words are short ("서울", "매출"): two syllables are a word, where Latin needs three letters. */
function wordsOf(text: string, max: number): string[] {
  const hangul = text.match(/[\uAC00-\uD7A3]{2,}/g) ?? [];
  return [...keywords(text, max), ...hangul.map((w) => w.toLowerCase())];
}

/** Particles and endings that attach to a Korean noun; longest first so "에서는" goes before "는". */
const PARTICLES = ['에서는', '으로는', '에게서', '에서', '으로', '에게', '까지', '부터', '보다', '처럼', '이나', '이며', '이다', '은', '는', '이', '가', '을', '를', '의', '에', '로', '와', '과', '도', '만', '나'];
const HANGUL = /^[\uAC00-\uD7A3]+$/;

/** A word's comparable stem. */
export function stem(word: string): string {
  const w = word.toLowerCase();
  if (HANGUL.test(w)) {
    for (const p of PARTICLES) if (w.length > p.length + 1 && w.endsWith(p)) return w.slice(0, -p.length);
    return w;
  }
  // "FY2023" and "FY2024" are different labels: a word with digits is kept whole.
  return /\d/.test(w) ? w : w.slice(0, 5);
}

/** The significant words of a label, stemmed ("Revenue (USD)" → ["reven", "usd"]). */
export function labelTerms(label: string): string[] {
  return [...new Set(wordsOf(label, 12).map(stem))];
}

/** Whether `text` holds at least one of the label's terms. */
export function mentionsAny(text: string, terms: readonly string[]): boolean {
  if (!terms.length) return false;
  const words = new Set(wordsOf(text, 1000).map(stem));
  return terms.some((t) => words.has(t));
}

/*
 * Subjects: what a figure counts, for matching a passage's sentence to a selected figure. A stricter and
 * wider reading than labelTerms: unit words are not a subject ("1,200 USD" says nothing about "Revenue
 * (USD)"), a plural meets its singular ("costs" meets "Cost"), and a few everyday synonyms meet
 * ("sales" is revenue, "Jan" is January).
 */

/** Words that name a unit or a scale: what a number is in, not what it counts. */
const UNIT_WORDS = ['usd', 'eur', 'gbp', 'jpy', 'krw', 'cny', 'chf', 'dollars', 'euros', 'pounds', 'yen', 'won', 'percent', 'pct', 'thousands', 'millions', 'billions', '원', '달러', '억원', '만원', '천원', '퍼센트'];

/** Quantities a sheet's header and a report's prose name in different words. */
const MEASURES = [
  ['revenue', 'revenues', 'sales', 'turnover', '매출', '매출액'],
  ['cost', 'expense', 'spend', 'spending', '비용'],
  ['profit', 'earnings', '이익'],
  ['headcount', 'employees', 'staff', 'fte', '인원', '직원'],
  ['units', 'volume', 'quantity', 'qty', '수량', '판매량', '생산량'],
  ['margin', '마진', '이익률'],
  ['price', '가격'],
];

/** Words that name the same thing in a sheet's header and a report's prose. */
const SYNONYMS = [
  ...MEASURES,
  ['january', 'jan'], ['february', 'feb'], ['march', 'mar'], ['april', 'apr'], ['june', 'jun'], ['july', 'jul'],
  ['august', 'aug'], ['september', 'sep', 'sept'], ['october', 'oct'], ['november', 'nov'], ['december', 'dec'],
];

/** A stem with a Latin plural's final "s" dropped, so "costs" (stem "costs") meets "cost". */
function root(word: string): string {
  const s = stem(word);
  return /^[a-z]{4,}$/.test(s) && s.endsWith('s') && !s.endsWith('ss') ? s.slice(0, -1) : s;
}

const UNIT_ROOTS = new Set(UNIT_WORDS.map(root));
const SYNONYM_OF = new Map(SYNONYMS.flatMap((group) => group.map((w) => [root(w), group.map(root)] as const)));

/** The roots of a text's words, for `speaksOf`; built once per sentence. */
export function subjectWords(text: string): Set<string> {
  return new Set(wordsOf(text, 1000).map(root));
}

/**
 * What a label says a figure counts: its words' roots without unit words, each with its synonyms
 * ("Revenue (USD)" → revenue, sales, turnover, 매출 …). Empty for a label of no significant word
 * ("B", "Q1", "2024").
 */
export function subjectTerms(label: string): string[] {
  const roots = wordsOf(label, 12).map(root).filter((r) => !UNIT_ROOTS.has(r));
  return [...new Set(roots.flatMap((r) => SYNONYM_OF.get(r) ?? [r]))];
}

/** Whether the words (from `subjectWords`) speak of a subject (from `subjectTerms`). */
export function speaksOf(words: ReadonlySet<string>, terms: readonly string[]): boolean {
  return terms.some((t) => words.has(t));
}

const MEASURE_ROOTS = MEASURES.map((group) => group.map(root));

/**
 * Whether the words speak of a known quantity (units, cost, headcount …) that the subject is not: "North
 * delivers 1200 units" is about units even though it names North, so it does not state North's revenue.
 */
export function speaksOfOtherMeasure(words: ReadonlySet<string>, terms: readonly string[]): boolean {
  return MEASURE_ROOTS.some((group) => speaksOf(words, group) && !group.some((t) => terms.includes(t)));
}

/** The known quantities (indices into the measures: revenue, cost, profit …) that the words speak of. */
export function measuresOf(words: ReadonlySet<string>): number[] {
  return MEASURE_ROOTS.flatMap((group, i) => (speaksOf(words, group) ? [i] : []));
}
