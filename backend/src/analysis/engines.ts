/**
 * The two analysis engines behind one interface: the OpenAI-compatible chat model (streamed) and the local
 * analyst (real statistics of the selection + the best-matching passages, clearly labelled as not an LLM).
 */
import OpenAI from 'openai';
import type { Config } from '../config.js';
import { countTokens } from '../lib/token-count.js';
import { detectLanguage } from '../prompts/language.js';
import type { Intent } from '../prompts/rules.js';
import { bestQuote, clipQuote } from './citations.js';
import { countPromptTokens, keywords, retrievalQuery, type ChatMessage, type StoredPassage } from './context.js';
import { parseA1, spanAddress } from './a1.js';
import type { Selection, SelectionRange } from './schema.js';
import { figuresInPassages, restatesSelection } from './figures.js';
import { stem } from './labels.js';
import { localMessages, type LocalMessages } from './local-messages.js';
import { describe, numericColumns, numericRows, onSheet, OUTLIER_MIN_VALUES, pairLabelAreas, standout, toNumber, type Point, type Series, type SeriesStats } from './stats.js';

export interface EngineRequest {
  messages: ChatMessage[];
  passages: StoredPassage[];
  selection: Selection;
  question: string;
  intent: Intent;
  maxOutputTokens: number;
  signal: AbortSignal;
  onDelta(text: string): void;
  /** How far the run is, 0–1: cells and passages read (local analyst) or answer written (model). */
  onProgress?(done: number): void;
}

export interface EngineResult {
  text: string;
  tokensIn: number;
  tokensOut: number;
}

export interface Engine {
  readonly name: 'openai' | 'local';
  readonly model: string;
  run(req: EngineRequest): Promise<EngineResult>;
}

/** A model failure the user can read; `code` goes into the analysis row. */
export class EngineError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'EngineError';
  }
}

export const LOCAL_MODEL = 'local-analyst';

export function createEngine(config: Config): Engine {
  return config.analysis.provider === 'openai' ? new OpenAIEngine(config) : new LocalAnalyst();
}

class OpenAIEngine implements Engine {
  readonly name = 'openai' as const;
  readonly model: string;
  private readonly client: OpenAI;

  constructor(config: Config) {
    this.model = config.analysis.chatModel;
    this.client = new OpenAI({
      // A compatible server (OPENAI_BASE_URL) may not need a key; the SDK insists on one.
      apiKey: config.openai.apiKey ?? 'unused',
      baseURL: config.openai.baseUrl,
      maxRetries: config.analysis.maxRetries,
      timeout: config.analysis.timeoutMs,
    });
  }

  async run(req: EngineRequest): Promise<EngineResult> {
    let text = '';
    let usage: { prompt_tokens: number; completion_tokens: number } | null = null;
    try {
      const stream = await this.client.chat.completions.create(
        { model: this.model, messages: req.messages, stream: true, stream_options: { include_usage: true }, max_tokens: req.maxOutputTokens, temperature: 0.2 },
        { signal: req.signal },
      );
      for await (const chunk of stream) {
        const delta = chunk.choices[0]?.delta?.content;
        if (delta) {
          text += delta;
          req.onDelta(delta);
          // The answer's length is unknown until it ends: measured against the most it may write (~4 characters
          // a token), held below 1 so the bar never claims done before the model is.
          req.onProgress?.(Math.min(0.95, text.length / 4 / req.maxOutputTokens));
        }
        if (chunk.usage) usage = chunk.usage;
      }
    } catch (err) {
      if (req.signal.aborted) throw req.signal.reason ?? err;
      if (err instanceof OpenAI.APIConnectionTimeoutError) throw new EngineError('model_timeout', 'The model did not answer in time.');
      if (err instanceof OpenAI.APIError) throw new EngineError('model_error', `The model failed (${err.status ?? 'no status'}): ${err.message}`.slice(0, 500));
      throw err;
    }
    // Servers that do not report usage are counted with the tokenizer rather than billed at zero.
    return {
      text,
      tokensIn: usage?.prompt_tokens ?? countPromptTokens(req.messages),
      tokensOut: usage?.completion_tokens ?? countTokens(text),
    };
  }
}

type Format = (n: number) => string;

/** Numbers in a unit: currency symbols before ("$1,200", "−$40"), codes after ("1,200 USD"), "%" attached. */
function formatIn(unit: string | null, fmt: Format): Format {
  if (unit && /^[$€£¥₩]$/.test(unit)) return (n) => `${n < 0 ? '-' : ''}${unit}${fmt(Math.abs(n))}`;
  if (unit === '%') return (n) => `${fmt(n)}%`;
  return unit ? (n) => `${fmt(n)} ${unit}` : fmt;
}

/** A difference with its sign: "+42", "−$40". */
const signed = (f: Format, n: number) => `${n > 0 ? '+' : ''}${f(n)}`;

/**
 * A citation of cells, as a model is told to write one and the claim verifier reads it: "[B2]",
 * "[B2:B9]", "[Sheet2!C4]", several areas "[B2:B3, B6]". Every sentence that states a figure from the
 * cells carries one; a computed figure cites the range it was computed from. The same in every language.
 */
const cite = (address: string) => `[${address}]`;

/** A series' name: its header, or "column H" for a column without one (headersOf names it by its letters). */
function nameOf(s: Series, m: LocalMessages): string {
  const letters = s.addresses[0]?.replace(/^.*!/, '').replace(/\d+$/, '');
  return s.label === letters ? m.columnName(s.label) : s.label;
}

/** "0.112 (APAC) [B2]": a value with its row label and cited cell. */
function at(p: Point, f: Format): string {
  return `${f(p.value)}${p.label ? ` (${p.label})` : ''} ${cite(p.address)}`;
}

/** Too few values for Tukey's fences: say so, and how far the most distant one is from the rest. */
function fewValues(s: Series, f: Format, m: LocalMessages): string {
  const few = m.fewValues(s.values.length);
  const far = standout(s);
  if (!far) return `${few}.`;
  const times = far.ratio >= 1 ? far.ratio : 1 / far.ratio;
  if (times < 2) return m.fewClose(few, cite(s.address));
  const how = far.ratio >= 1 ? m.timesMedian(m.fmt(times), f(far.othersMedian)) : m.fractionOfMedian(m.fmt(times), f(far.othersMedian));
  return m.fewApart(few, at(far.point, f), how, cite(s.address));
}

function seriesLines(s: Series, st: SeriesStats, intent: Intent, m: LocalMessages): string[] {
  const f = formatIn(s.unit, m.fmt);
  const range = cite(s.address);
  const lines = [
    m.seriesHead(nameOf(s, m), st.count, s.unit, s.rowLabelName, range),
    m.stats(f(st.sum), f(st.mean), f(st.median), m.fmt(st.stdDev), range),
    m.extremes(at(st.min, f), at(st.max, f)),
  ];
  if (s.ordered) {
    lines.push(m.trend(st.trend, signed(m.fmt, st.slope), st.changePct === null ? null : `${signed(m.fmt, st.changePct)}%`, range));
  } else if (intent === 'trend' || intent === 'forecast') {
    lines.push(m.categories(s.rowLabelName));
  }
  if (st.outliers.length) lines.push(m.outliers(st.outliers.map((o) => at(o, f)).join(', '), range));
  else if (intent === 'anomaly' && st.count >= OUTLIER_MIN_VALUES) lines.push(m.noOutliers(range));
  else if (intent === 'anomaly') lines.push(fewValues(s, f, m));
  if (intent === 'compare' && s.rowLabels.some(Boolean)) lines.push('', ...comparison(s, f, m));
  // An extrapolation, not a figure of the cells: a note (the claim verifier reads italic lines as notes),
  // worded so a reader does not take it for one either.
  if (intent === 'forecast' && s.ordered && st.count >= 3) {
    lines.push('', m.projection(range, f(st.mean + st.slope * ((st.count - 1) / 2 + 1))));
  }
  return lines;
}

/** Rows in a comparison table; a longer selection is summed up in one line below it. */
const COMPARE_ROWS = 20;

/**
 * The labelled values ranked, each against the highest (difference and %), then the largest gap: the
 * answer a "compare" question asks for.
 */
function comparison(s: Series, f: Format, m: LocalMessages): string[] {
  const cell = (text: string) => text.replace(/\|/g, '\\|');
  const items = s.values.map((value, i) => ({ value, label: s.rowLabels[i] ?? s.addresses[i], address: s.addresses[i] })).sort((a, b) => b.value - a.value);
  const top = items[0];
  const low = items[items.length - 1];
  const pct = (value: number) => (top.value === 0 ? m.notApplicable : `${signed(m.fmt, ((value - top.value) / Math.abs(top.value)) * 100)}%`);
  const lines = [`| ${m.compareHeader(s.rowLabelName, nameOf(s, m), top.label).map(cell).join(' | ')} |`, '|---|---:|---:|---:|'];
  for (const it of items.slice(0, COMPARE_ROWS)) {
    const first = it === top;
    lines.push(`| ${cell(it.label)} ${cite(it.address)} | ${f(it.value)} | ${first ? '—' : signed(f, it.value - top.value)} | ${first ? '—' : pct(it.value)} |`);
  }
  if (items.length > COMPARE_ROWS) lines.push(`| ${m.compareMore(items.length - COMPARE_ROWS)} | | | |`);
  // Sorted highest first, so the last is never above the first.
  const below = top.value === 0 ? null : m.below(low.label, m.fmt(Math.abs(((low.value - top.value) / top.value) * 100)), top.label);
  lines.push('', m.largestGap(`${top.label} ${f(top.value)} ${cite(top.address)}`, `${low.label} ${f(low.value)} ${cite(low.address)}`, f(top.value - low.value), below));
  return lines;
}

/**
 * Header words that name a quantity. Columns named by two different ones (Revenue beside Cost, Units beside
 * Price) hold different quantities, whose sum per row means nothing even in one currency; one measure over
 * periods ("Sales Q1", "Sales Q2") or categories (North, South), or versions of one measure (Budget,
 * Actual), can be summed and ranked.
 */
const MEASURE = /\b(revenues?|sales|costs?|prices?|units?|quantity|qty|margins?|profits?|income|expenses?|spend|amount|fees?|tax|discounts?|salary|salaries|headcount|volume|balance|cash|ebitda)\b/i;

/** The same in Korean headers (no \b: JavaScript's word boundary does not see Hangul); longest first. */
const MEASURE_KO = /(매출원가|매출액?|판매량|판매액|판매|원가|비용|단가|가격|수량|이익률|마진|이익|수익|세금|할인|급여|인원|잔액|현금)/;

const measureOf = (s: Series) => MEASURE.exec(s.label)?.[1].toLowerCase().replace(/(ies|s)$/, '') ?? MEASURE_KO.exec(s.label)?.[1];

/**
 * Why series cannot be summed or ranked against one another, or null when they can: they must share a
 * unit and a scale (months of one measure side by side), not dollars beside a ratio, and not be different
 * quantities (Revenue beside Cost), where a row's "sum" or a "highest mean" means nothing.
 */
function incomparable(columns: Series[], m: LocalMessages): string | null {
  if (new Set(columns.map((c) => c.unit)).size > 1) {
    return m.differentUnits(m.list(columns.map((c) => `${nameOf(c, m)} ${c.unit ? m.inUnit(c.unit) : m.withoutUnit}`)));
  }
  const measures = [...new Set(columns.map(measureOf).filter(Boolean))];
  if (measures.length >= 2) return m.differentQuantities(m.list(measures as string[]));
  const scales = columns.map((c) => Math.max(...c.values.map(Math.abs)));
  if (Math.max(...scales) > 100 * Math.max(Math.min(...scales), Number.EPSILON)) return m.differentScales;
  return null;
}

/** "Highest mean: …; lowest: …" over series that can be ranked, or why they cannot. */
function meanRanking(described: Array<{ s: Series; st: SeriesStats }>, m: LocalMessages): string[] {
  if (described.length < 2) return [];
  const why = incomparable(described.map((d) => d.s), m);
  if (why) return [m.notRanked(why), ''];
  const f = formatIn(described[0].s.unit, m.fmt);
  const ranked = [...described].sort((a, b) => b.st.mean - a.st.mean);
  const [hi, lo] = [ranked[0], ranked[ranked.length - 1]];
  const mean = (d: { s: Series; st: SeriesStats }) => `${nameOf(d.s, m)} ${f(d.st.mean)} ${cite(d.s.address)}`;
  return [m.highestMean(mean(hi), mean(lo)), ''];
}

/** Whether two areas of one sheet (unnamed: the active one) have a row in common. */
function sharesRows(a: SelectionRange, b: SelectionRange, sheet: string): boolean {
  const x = parseA1(a.address);
  const y = parseA1(b.address);
  return Boolean(x && y && (x.sheet ?? sheet) === (y.sheet ?? sheet) && x.top < y.top + b.values.length && y.top < x.top + a.values.length);
}

/** The address of an area as the answer cites it (bare on the active sheet). */
function areaAddress(range: SelectionRange, sheet: string): string {
  const a1 = parseA1(range.address);
  return a1 ? onSheet(a1, spanAddress(a1, 0, a1.rows - 1, 0, a1.cols - 1), sheet) : range.address;
}

/**
 * One line per selected area, saying what became of it: the series computed from it, the rows it names,
 * or why nothing is computed from it. An area the answer left out unexplained reads as one overlooked.
 */
function areaLines(selection: Selection, columns: Series[], m: LocalMessages): string[] {
  const ranges = selection.ranges;
  const labelsOf = pairLabelAreas(ranges, selection.sheet);
  return ranges.map((range, i) => {
    const here = cite(areaAddress(range, selection.sheet));
    const used = columns.filter((s) => s.areas?.includes(i));
    if (used.length) return m.area.computed(here, m.list(used.map((s) => nameOf(s, m))));
    const named = [...labelsOf].filter(([v, l]) => l === i && columns.some((s) => s.areas?.includes(v))).map(([v]) => cite(areaAddress(ranges[v], selection.sheet)));
    if (named.length) return m.area.labels(here, m.list(named));
    const cells = range.values.flat();
    const numbers = cells.filter((v) => toNumber(v) !== null).length;
    if (numbers === 1) return m.area.single(here);
    if (numbers) return m.area.noColumn(here);
    if (!cells.some((v) => typeof v === 'string' && v.trim())) return m.area.empty(here);
    if (ranges.length === 1) return m.area.textOnly(here);
    const beside = columns.some((s) => s.areas?.some((v) => sharesRows(ranges[v], range, selection.sheet)));
    return beside ? m.area.textBeside(here) : m.area.textElsewhere(here);
  });
}

/**
 * "annual-report.pdf, p. 2", or the location where a document has no pages ("Sheet1!A1:D20"); a page read
 * by OCR says so, since its words (and numbers) may have been misread.
 */
const source = (p: StoredPassage, m: LocalMessages) => `${p.documentName}${p.page ? `, ${m.page(p.page)}` : ` (${p.location})`}${p.ocr ? m.ocr : ''}`;

/** Passages quoted at most; a model may cite more, but a list of quotes is read, not skimmed. */
const MAX_QUOTES = 3;

/**
 * A word as quotable() compares it: a Hangul word without its particle ("매출은" meets "매출"), a Latin
 * word by its first five letters ("margins" meets "margin").
 */
const quoteStem = (w: string) => (/^[\uAC00-\uD7A3]+$/.test(w) ? stem(w) : w.slice(0, 5));

/**
 * The passages worth quoting: the best-ranked ones that share a significant word with the question or
 * the selection's headers. Retrieval always returns its nearest passages, and without a model to judge
 * them, one sharing no word with the question is noise, not evidence.
 */
function quotable(req: EngineRequest, passages: StoredPassage[]): StoredPassage[] {
  const asked = new Set(retrievalQuery(req.question, req.selection).split(' ').filter(Boolean).map(quoteStem));
  const wordsOf = (text: string) => [...keywords(text, 1000), ...(text.match(/[\uAC00-\uD7A3]{2,}/g) ?? [])];
  return passages.filter((p) => wordsOf(p.text).some((w) => asked.has(quoteStem(w)))).slice(0, MAX_QUOTES);
}

/** Statistics and quotes, no language model, written in the question's language. Token counts are real (gpt-tokenizer) so billing is honest. */
export class LocalAnalyst implements Engine {
  readonly name = 'local' as const;
  readonly model = LOCAL_MODEL;

  async run(req: EngineRequest): Promise<EngineResult> {
    const { selection } = req;
    const m = localMessages(detectLanguage(req.question));
    const columns = numericColumns(selection.ranges, 2, selection.sheet);
    const rows = columns.length >= 2 && !incomparable(columns, m) ? numericRows(selection.ranges, selection.sheet) : [];
    const out: string[] = [m.disclaimer, '', m.question(req.question), ''];
    req.onProgress?.(0.2); // the cells are read
    // Every area is accounted for: what was computed from it, or why nothing was.
    out.push(m.areasHeading(selection.ranges.length > 1), ...areaLines(selection, columns, m), '');
    if (!columns.length) out.push(m.nothingToCompute, '');
    const described = columns.map((s) => ({ s, st: describe(s) }));
    if (req.intent === 'compare') out.push(...meanRanking(described, m));
    described.forEach(({ s, st }, i) => {
      out.push(...seriesLines(s, st, req.intent, m), '');
      req.onProgress?.(0.2 + (0.5 * (i + 1)) / described.length);
    });
    req.onProgress?.(0.7);
    if (rows.length) {
      out.push(m.perRowHeading);
      // Rows are only summed over columns of one unit (`incomparable`).
      const f = formatIn(columns[0].unit, m.fmt);
      for (const r of rows.slice(0, 20)) {
        const st = describe(r);
        const span = r.addresses.length > 1 ? `${r.addresses[0]}:${r.addresses.at(-1)?.replace(/^.*!/, '')}` : r.addresses[0];
        const label = r.sheetRow === undefined ? r.label : m.rowName(r.sheetRow);
        out.push(m.perRow(label, f(st.sum), f(st.mean), cite(span), at(st.min, f), at(st.max, f)));
      }
      if (rows.length > 20) out.push(m.perRowMore(rows.length - 20));
      out.push('');
    }
    // The file the cells came from restates them: it is named, not quoted as evidence.
    const own = req.passages.filter((p) => restatesSelection(p, columns));
    const evidence = req.passages.filter((p) => !own.includes(p));
    const figures = figuresInPassages(columns, evidence);
    req.onProgress?.(0.85); // the passages are read for the selection's figures
    if (figures.length) {
      out.push(m.figuresHeading);
      for (const f of figures) {
        out.push(`- ${nameOf(f.series, m)} ${at(f.point, formatIn(f.series.unit, m.fmt))}: "${clipQuote(f.sentence)}" — ${source(f.passage, m)} [${f.passage.id}]`);
      }
      out.push('');
    } else if (req.intent === 'verify' && columns.length && evidence.length) {
      out.push(m.noFigureChecked, '');
    }
    // A passage shown for a figure can hold another sentence that answers the question ("Why is Rotterdam's
    // rent higher?" → "The landlord in Rotterdam added a service charge"): it is quoted unless that sentence
    // is the one already shown.
    const shown = new Set(figures.map((f) => `${f.passage.id} ${clipQuote(f.sentence.trim())}`));
    const quoted = quotable(req, evidence)
      .map((p) => ({ p, quote: bestQuote(p.text, req.question) }))
      .filter(({ p, quote }) => !shown.has(`${p.id} ${quote.trim()}`));
    if (quoted.length) {
      out.push(m.quotesHeading);
      for (const { p, quote } of quoted) {
        out.push(`- "${quote}" — ${source(p, m)} [${p.id}]`);
      }
    } else if (!figures.length && (evidence.length || !own.length)) {
      out.push(evidence.length ? m.noPassageMentions : m.noPassageMatched);
    }
    if (own.length) {
      const names = [...new Set(own.map((p) => p.documentName))];
      out.push('', m.ownFile(m.list(names), names.length > 1));
    }
    req.onProgress?.(1);
    const text = out.join('\n').trimEnd();
    // Streamed line by line like a model would, so clients use one code path.
    for (const line of text.split(/(?<=\n)/)) {
      if (req.signal.aborted) throw req.signal.reason;
      req.onDelta(line);
    }
    return { text, tokensIn: countPromptTokens(req.messages), tokensOut: countTokens(text) };
  }
}
