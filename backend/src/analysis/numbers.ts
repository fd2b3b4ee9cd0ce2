/**
 * Numbers as people write them in prose and in cells: "1,200", "1.2k", "$1.25 million", "12%", "−3.5 per
 * cent", "50 bps", "7.2×", Korean "4,812억원", "3만", "1조 2,000억", and dates ("2024-03-15", "March 15,
 * 2024", "2024년 3월 15일"). Each is read with the precision it was written to: half the unit of its last
 * digit, scaled like the number ("1.2 million" is 1,200,000 ± 50,000), so a rounded figure in an answer
 * still matches the exact cell it rounds, and a precise figure is not "confirmed" by a rounded one.
 */

export interface ParsedNumber {
  /** The value with scale words applied ("1.2k" → 1200); for a percentage the number written (12% → 12). */
  value: number;
  /** Half the unit of the last digit written, in the same scale as `value`. */
  tolerance: number;
  /** Written as a percentage ("12%", "12 percent", "50 bps" = 0.5%). */
  percent: boolean;
  /** "USD", "EUR", "GBP", "KRW", "JPY", "x" (a multiple: 7.2×), "date" (value = days since 1970-01-01), or null. */
  unit: string | null;
  /** A bare whole number 1900–2100 written without separators, sign or unit: most likely a year used as a label. */
  year: boolean;
  /** The character span [start, end) in the text the number was read from. */
  start: number;
  end: number;
  text: string;
}

const SCALES: Record<string, number> = {
  thousand: 1e3, k: 1e3, million: 1e6, mn: 1e6, m: 1e6, mm: 1e6, billion: 1e9, bn: 1e9, b: 1e9, trillion: 1e12, tn: 1e12, t: 1e12,
};
/** Korean number words: 십 百 千 inside a group of 만 (10^4), 억 (10^8) and 조 (10^12). */
const KO_SMALL: Record<string, number> = { 십: 10, 백: 100, 천: 1000 };
const KO_BIG: Record<string, number> = { 만: 1e4, 억: 1e8, 조: 1e12 };
const CURRENCY_PREFIX: Record<string, string> = { $: 'USD', us$: 'USD', '€': 'EUR', '£': 'GBP', '₩': 'KRW', '¥': 'JPY', usd: 'USD', eur: 'EUR', gbp: 'GBP', krw: 'KRW' };
const CURRENCY_SUFFIX: Record<string, string> = { usd: 'USD', eur: 'EUR', gbp: 'GBP', krw: 'KRW', 원: 'KRW', 달러: 'USD', 유로: 'EUR', 엔: 'JPY', dollars: 'USD', dollar: 'USD', euros: 'EUR', euro: 'EUR' };

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const MONTH_RE = '(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\\.?';

/** Dates first: their digits must not be read as three numbers. */
const DATES: Array<{ re: RegExp; ymd: (m: RegExpExecArray) => [number, number, number] }> = [
  // A time after the day ("2024-03-15T10:30:00", as the add-ins send timed cells) is part of the date.
  { re: /(?<![\p{L}\p{N}])(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?(?![\p{N}])/gu, ymd: (m) => [+m[1], +m[2], +m[3]] },
  { re: /(\d{4})\s*년\s*(\d{1,2})\s*월\s*(\d{1,2})\s*일/gu, ymd: (m) => [+m[1], +m[2], +m[3]] },
  // 2021/04/18, as manuals and changelogs date themselves.
  { re: /(?<![\p{L}\p{N}/.])(\d{4})[/.](\d{1,2})[/.](\d{1,2})(?![\p{N}/])/gu, ymd: (m) => [+m[1], +m[2], +m[3]] },
  { re: new RegExp(`(?<![\\p{L}\\p{N}])${MONTH_RE}\\s+(\\d{1,2})(?:st|nd|rd|th)?,?\\s+(\\d{4})(?![\\p{N}])`, 'giu'), ymd: (m) => [+m[3], monthOf(m[1]), +m[2]] },
  { re: new RegExp(`(?<![\\p{L}\\p{N}])(\\d{1,2})(?:st|nd|rd|th)?\\s+${MONTH_RE}\\s+(\\d{4})(?![\\p{N}])`, 'giu'), ymd: (m) => [+m[3], monthOf(m[2]), +m[1]] },
  // 3/15/2024 is month first when the first part cannot be a day of a 13th month, as most sheets write it.
  { re: /(?<![\p{L}\p{N}/.])(\d{1,2})[/.](\d{1,2})[/.](\d{4})(?![\p{N}/])/gu, ymd: (m) => (+m[1] > 12 ? [+m[3], +m[2], +m[1]] : [+m[3], +m[1], +m[2]]) },
];

function monthOf(word: string): number {
  return MONTHS.indexOf(word.toLowerCase().slice(0, 3)) + 1;
}

const DAY_MS = 86_400_000;

/** Days since 1970-01-01 of a valid calendar date, else null. */
export function dayNumber(y: number, m: number, d: number): number | null {
  if (m < 1 || m > 12 || d < 1 || d > 31) return null;
  const t = Date.UTC(y, m - 1, d);
  return new Date(t).getUTCDate() === d ? t / DAY_MS : null;
}

/** What may follow a lone 천/백/십 and keep it a scale: counters and particles ("5천 명", "5천여", "5천으로"). */
const KO_AFTER_SCALE = '명|개|건|대|곳|가구|톤|년|여|이|을|를|은|는|의|에|으로|로|과|와|도|가|까지|부터|보다|씩';

/**
 * A figure: an optional sign and currency, digits (thousands grouped by commas or not), decimals, an
 * exponent, then a unit or scale word. Not glued to letters or other digits on its left ("FY2024", "v2.0",
 * "A1", "COVID-19" are not figures; the end of a range "1,200–9,100" is, see `rangeEnd`), and the suffix is
 * tried longest first. A lone 천/백/십 scales a figure ("5천 명", "3.8천") unless a word goes on after it.
 */
const NUMBER = new RegExp(
  String.raw`(?<![\p{L}\p{N}.,]|\p{L}[-−–])([-−+]?)((?:US\$|\$|€|£|₩|¥|USD|EUR|GBP|KRW)\s?)?((?<=[$€£₩¥DRPW]\s?)[-−])?(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?(?:[eE]([-+]?\d{1,3}))?(?![\p{N}])` +
    String.raw`(?:\s?(%\s?p\b|%\s?포인트|퍼센트\s?포인트|%|percent(?:age)? points?\b|pp\b|percent\b|per\s?cent\b|pct\b|bps?\b|basis points?\b|퍼센트|프로|×|x\b|times\b|thousand\b|k\b|million\b|mn\b|mm\b|m\b|billion\b|bn\b|b\b|trillion\b|tn\b|t\b|[십백천]?[만억조]|[십백천](?=\s?[만억조원]|(?:${KO_AFTER_SCALE})|(?![\uAC00-\uD7A3]))))?` +
    String.raw`(?:\s?(USD\b|EUR\b|GBP\b|KRW\b|dollars?\b|euros?\b|원|달러|유로|엔))?`,
  'giu',
);

/** A following Korean group ("1조 2,000억", "3억 5천만"): digits and a scale smaller than the one before. */
const KO_GROUP = /^\s?(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?([십백천]?)([만억조]?)(원)?/u;

function koreanScale(word: string): { small: number; big: number } | null {
  const m = /^([십백천]?)([만억조]?)$/u.exec(word);
  if (!m || (!m[1] && !m[2])) return null;
  return { small: m[1] ? KO_SMALL[m[1]] : 1, big: m[2] ? KO_BIG[m[2]] : 1 };
}

/**
 * Whether a number right after a digit and a dash is a figure: the end of a range ("1,200–9,100",
 * "3.5-4.2%") is; the rest of a code or a span of years is not ("010-1234-5678", "2023-24", "2023–24").
 */
function rangeEnd(text: string, start: number, whole: string, fraction: string): boolean {
  const before = /(\d[\d,.]*)\s?([-−–])$/u.exec(text.slice(Math.max(0, start - 40), start));
  if (!before) return true;
  const left = before[1];
  if (/^(19|20)\d\d$/.test(left) && /^\d{2}$/.test(whole) && !fraction) return false;
  // A hyphen between bare digit runs joins a code; grouping, decimals or an en dash make the two figures.
  return before[2] === '–' || /[,.]/.test(left) || /,/.test(whole) || Boolean(fraction);
}

/** Every number written in `text`, in order, with its span. */
export function parseNumbers(text: string): ParsedNumber[] {
  const out: ParsedNumber[] = [];
  // Characters already read as part of a number: a mask, so a long text of many numbers stays linear.
  const taken = new Uint8Array(text.length);
  const isTaken = (start: number, end: number) => taken.subarray(start, end).includes(1);
  for (const { re, ymd } of DATES) {
    for (const m of text.matchAll(re)) {
      const start = m.index ?? 0;
      const end = start + m[0].length;
      if (isTaken(start, end)) continue;
      const [y, mo, d] = ymd(m as RegExpExecArray);
      const day = dayNumber(y, mo, d);
      if (day === null) continue;
      taken.fill(1, start, end);
      out.push({ value: day, tolerance: 0, percent: false, unit: 'date', year: false, start, end, text: m[0] });
    }
  }
  for (const m of text.matchAll(NUMBER)) {
    const start = m.index ?? 0;
    let end = start + m[0].length;
    if (isTaken(start, end)) continue;
    // A sign before or after a currency sign: "-$179", "$-179".
    const [, signBefore, prefix = '', signAfter = '', whole, fraction = '', exponent = '', rawSuffix = '', rawCurrency = ''] = m;
    const sign = signBefore || signAfter;
    // "1st", "3D", "5G": a number running into Latin letters is a name or an ordinal, not a figure.
    if (/^[A-Za-z]/.test(text.slice(end)) && !/\s$/.test(m[0])) continue;
    // "5천여만", "3백화점": a number word that goes on as a longer word is not read by halves.
    if (!rawSuffix && /^[십백천][\uAC00-\uD7A3]/u.test(text.slice(end))) continue;
    if (!rangeEnd(text, start, whole, fraction)) continue;
    const suffix = rawSuffix.toLowerCase().replace(/\s+/g, ' ');
    const power = 10 ** Number(exponent || 0);
    let value = Number(`${whole.replace(/,/g, '')}.${fraction || '0'}`) * power;
    let tolerance = 0.5 * 10 ** -fraction.length * power;
    let percent = false;
    let unit: string | null = null;
    const ko = koreanScale(suffix);
    if (ko) {
      const scale = ko.small * ko.big;
      value *= scale;
      tolerance *= scale;
      // Further groups of a compound figure, each smaller than the last: 1조 2,000억 = 1.2 × 10^12.
      let last = ko.big;
      for (;;) {
        const g = KO_GROUP.exec(text.slice(end));
        if (!g) break;
        const small = g[3] ? KO_SMALL[g[3]] : 1;
        const big = g[4] ? KO_BIG[g[4]] : 1;
        // A last group without a unit counts only below 만 ("3억 481만 4,338"), not a year after it ("5만 2023년").
        const ones = last === 1e4 && !g[2] && Number(g[1].replace(/,/g, '')) < 1e4 && !/^\s?[년월일]/u.test(text.slice(end + g[0].length));
        if (!g[3] && !g[4] && !g[5] && !ones) break;
        if (big >= last) break;
        const scale = small * big;
        value += Number(`${g[1].replace(/,/g, '')}.${g[2] || '0'}`) * scale;
        tolerance = 0.5 * 10 ** -(g[2] ?? '').length * scale;
        last = big;
        end += g[0].length;
        if (g[5]) unit = 'KRW';
        if (big === 1) break;
      }
    } else if (suffix.startsWith('%') || suffix.startsWith('per') || suffix === 'pct' || suffix === 'pp' || suffix.startsWith('퍼센트') || suffix === '프로') {
      // Percentage points ("12.5%p", "2 pp") are read as percentages: their cells are percentages too.
      percent = true;
    } else if (suffix.startsWith('bp') || suffix.startsWith('basis')) {
      percent = true;
      value /= 100;
      tolerance /= 100;
    } else if (suffix === '×' || suffix === 'x' || suffix === 'times') {
      unit = 'x';
    } else if (suffix && SCALES[suffix]) {
      // "5 m" or "3 b" is as likely metres or a label as millions: a lone letter scales money, or a figure
      // it is written against ("1.2m").
      const digits = `${whole}${fraction ? `.${fraction}` : ''}`;
      const spaced = /^\s/.test(m[0].slice(m[0].indexOf(digits) + digits.length));
      if (!(suffix.length === 1 && suffix !== 'k' && !prefix && !rawCurrency && spaced)) {
        value *= SCALES[suffix];
        tolerance *= SCALES[suffix];
      } else {
        end = start + m[0].slice(0, m[0].length - rawSuffix.length).trimEnd().length;
      }
    }
    const currency = CURRENCY_SUFFIX[rawCurrency.toLowerCase()] ?? CURRENCY_PREFIX[prefix.trim().toLowerCase()] ?? null;
    if (currency) unit = currency;
    if (sign === '-' || sign === '−') value = -value;
    const year = !sign && !prefix && !rawSuffix && !rawCurrency && !fraction && /^\d{4}$/.test(whole) && value >= 1900 && value <= 2100;
    taken.fill(1, start, end);
    out.push({ value, tolerance, percent, unit, year, start, end, text: text.slice(start, end) });
  }
  return out.sort((a, b) => a.start - b.start);
}

/** A cell's value as a number written in it: numbers as they are (exact), text parsed when it is one figure. */
export function cellNumber(v: unknown): ParsedNumber | null {
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) return null;
    const text = String(v);
    return { value: v, tolerance: 0, percent: false, unit: null, year: false, start: 0, end: text.length, text };
  }
  if (typeof v !== 'string') return null;
  const s = v.trim();
  if (!s || s.length > 60) return null;
  // A date-time as the add-ins send a timed cell ("2024-03-15T10:30:00"): its day, as a date.
  const timed = /^(\d{4})-(\d{2})-(\d{2})[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?$/.exec(s);
  if (timed) {
    const day = dayNumber(+timed[1], +timed[2], +timed[3]);
    return day === null ? null : { value: day, tolerance: 0, percent: false, unit: 'date', year: false, start: 0, end: v.length, text: v };
  }
  // Accounting negatives: "(40)".
  const negative = /^\(.*\)$/.test(s);
  const inner = negative ? s.slice(1, -1) : s;
  const found = parseNumbers(inner);
  if (found.length !== 1) return null;
  const n = found[0];
  // The figure must be the whole cell, give or take a sign, currency and unit around it.
  if (inner.slice(0, n.start).trim() || inner.slice(n.end).trim()) return null;
  return { ...n, value: negative ? -Math.abs(n.value) : n.value, tolerance: 0, start: 0, end: v.length, text: v };
}
