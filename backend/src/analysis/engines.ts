/**
 * The two analysis engines behind one interface: the OpenAI-compatible chat model (streamed) and the local
 * analyst (real statistics of the selection + the best-matching passages, clearly labelled as not an LLM).
 */
import { countTokens } from 'gpt-tokenizer';
import OpenAI from 'openai';
import type { Config } from '../config.js';
import type { Intent } from '../prompts/rules.js';
import { bestQuote, clipQuote } from './citations.js';
import { countPromptTokens, keywords, retrievalQuery, type ChatMessage, type StoredPassage } from './context.js';
import { parseA1, spanAddress } from './a1.js';
import type { Selection, SelectionRange } from './schema.js';
import { figuresInPassages, restatesSelection } from './figures.js';
import { describe, fmt, numericColumns, numericRows, onSheet, OUTLIER_MIN_VALUES, pairLabelAreas, standout, toNumber, type Point, type Series, type SeriesStats } from './stats.js';

export interface EngineRequest {
  messages: ChatMessage[];
  passages: StoredPassage[];
  selection: Selection;
  question: string;
  intent: Intent;
  maxOutputTokens: number;
  signal: AbortSignal;
  onDelta(text: string): void;
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
function formatIn(unit: string | null): Format {
  if (unit && /^[$€£¥]$/.test(unit)) return (n) => `${n < 0 ? '-' : ''}${unit}${fmt(Math.abs(n))}`;
  if (unit === '%') return (n) => `${fmt(n)}%`;
  return unit ? (n) => `${fmt(n)} ${unit}` : fmt;
}

/** A difference with its sign: "+42", "−$40". */
const signed = (f: Format, n: number) => `${n > 0 ? '+' : ''}${f(n)}`;

/**
 * A citation of cells, as a model is told to write one and the claim verifier reads it: "[B2]",
 * "[B2:B9]", "[Sheet2!C4]", several areas "[B2:B3, B6]". Every sentence that states a figure from the
 * cells carries one; a computed figure cites the range it was computed from.
 */
const cite = (address: string) => `[${address}]`;

/** A series' name: its header, or "column H" for a column without one (headersOf names it by its letters). */
function nameOf(s: Series): string {
  const letters = s.addresses[0]?.replace(/^.*!/, '').replace(/\d+$/, '');
  return s.label === letters ? `column ${s.label}` : s.label;
}

/** "0.112 (APAC) [B2]": a value with its row label and cited cell. */
function at(p: Point, f: Format): string {
  return `${f(p.value)}${p.label ? ` (${p.label})` : ''} ${cite(p.address)}`;
}

/** Too few values for Tukey's fences: say so, and how far the most distant one is from the rest. */
function fewValues(s: Series, f: Format): string {
  const few = `- too few values (${s.values.length}) for an outlier test`;
  const far = standout(s);
  if (!far) return `${few}.`;
  const times = far.ratio >= 1 ? far.ratio : 1 / far.ratio;
  if (times < 2) return `${few}; they are within a factor of 2 of one another ${cite(s.address)}.`;
  const how = far.ratio >= 1 ? `${fmt(times)}× the median of the others (${f(far.othersMedian)})` : `1/${fmt(times)} of the median of the others (${f(far.othersMedian)})`;
  return `${few}; ${at(far.point, f)} stands apart at ${how} ${cite(s.address)}.`;
}

function seriesLines(s: Series, st: SeriesStats, intent: Intent): string[] {
  const f = formatIn(s.unit);
  const range = cite(s.address);
  const lines = [
    `**${nameOf(s)}** (${st.count} numbers${s.unit ? `, ${s.unit}` : ''}${s.rowLabelName ? `, by ${s.rowLabelName}` : ''}) ${range}`,
    `- sum ${f(st.sum)}; mean ${f(st.mean)}; median ${f(st.median)}; std-dev ${fmt(st.stdDev)} ${range}`,
    `- min ${at(st.min, f)}; max ${at(st.max, f)}`,
  ];
  if (s.ordered) {
    lines.push(`- trend ${st.trend} (${signed(fmt, st.slope)} per step); first → last ${st.changePct === null ? 'n/a (starts at 0)' : `${signed(fmt, st.changePct)}%`} ${range}`);
  } else if (intent === 'trend' || intent === 'forecast') {
    lines.push(`- the rows are categories (${s.rowLabelName ?? 'labels'}), not periods: no trend or projection follows from their order`);
  }
  if (st.outliers.length) lines.push(`- outliers: ${st.outliers.map((o) => at(o, f)).join(', ')} (beyond 1.5× the interquartile range of ${range})`);
  else if (intent === 'anomaly' && st.count >= OUTLIER_MIN_VALUES) lines.push(`- no outliers (all values within 1.5× the interquartile range) ${range}`);
  else if (intent === 'anomaly') lines.push(fewValues(s, f));
  if (intent === 'compare' && s.rowLabels.some(Boolean)) lines.push('', ...comparison(s, f));
  // An extrapolation, not a figure of the cells: a note (the claim verifier reads italic lines as notes),
  // worded so a reader does not take it for one either.
  if (intent === 'forecast' && s.ordered && st.count >= 3) {
    lines.push('', `_Linear projection of the next step, an extrapolation of the trend in ${range} rather than a figure in the cells: ${f(st.mean + st.slope * ((st.count - 1) / 2 + 1))}._`);
  }
  return lines;
}

/** Rows in a comparison table; a longer selection is summed up in one line below it. */
const COMPARE_ROWS = 20;

/**
 * The labelled values ranked, each against the highest (difference and %), then the largest gap: the
 * answer a "compare" question asks for.
 */
function comparison(s: Series, f: Format): string[] {
  const cell = (text: string) => text.replace(/\|/g, '\\|');
  const items = s.values.map((value, i) => ({ value, label: s.rowLabels[i] ?? s.addresses[i], address: s.addresses[i] })).sort((a, b) => b.value - a.value);
  const top = items[0];
  const low = items[items.length - 1];
  const pct = (value: number) => (top.value === 0 ? 'n/a' : `${signed(fmt, ((value - top.value) / Math.abs(top.value)) * 100)}%`);
  const lines = [`| ${cell(s.rowLabelName ?? 'Item')} | ${cell(nameOf(s))} | vs ${cell(top.label)} | % |`, '|---|---:|---:|---:|'];
  for (const it of items.slice(0, COMPARE_ROWS)) {
    const first = it === top;
    lines.push(`| ${cell(it.label)} ${cite(it.address)} | ${f(it.value)} | ${first ? '—' : signed(f, it.value - top.value)} | ${first ? '—' : pct(it.value)} |`);
  }
  if (items.length > COMPARE_ROWS) lines.push(`| … ${items.length - COMPARE_ROWS} more | | | |`);
  // Sorted highest first, so the last is never above the first.
  const below = top.value === 0 ? '' : ` (${low.label} is ${fmt(Math.abs(((low.value - top.value) / top.value) * 100))}% below ${top.label})`;
  lines.push('', `Largest gap: ${top.label} ${f(top.value)} ${cite(top.address)} against ${low.label} ${f(low.value)} ${cite(low.address)}, a difference of ${f(top.value - low.value)}${below}.`);
  return lines;
}

/** "Revenue ($), Margin and Cost". */
function listOf(items: string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

/**
 * Header words that name a quantity. Columns named by two different ones (Revenue beside Cost, Units beside
 * Price) hold different quantities, whose sum per row means nothing even in one currency; one measure over
 * periods ("Sales Q1", "Sales Q2") or categories (North, South), or versions of one measure (Budget,
 * Actual), can be summed and ranked.
 */
const MEASURE = /\b(revenues?|sales|costs?|prices?|units?|quantity|qty|margins?|profits?|income|expenses?|spend|amount|fees?|tax|discounts?|salary|salaries|headcount|volume|balance|cash|ebitda)\b/i;

const measureOf = (s: Series) => MEASURE.exec(s.label)?.[1].toLowerCase().replace(/(ies|s)$/, '');

/**
 * Why series cannot be summed or ranked against one another, or null when they can: they must share a
 * unit and a scale (months of one measure side by side), not dollars beside a ratio, and not be different
 * quantities (Revenue beside Cost), where a row's "sum" or a "highest mean" means nothing.
 */
function incomparable(columns: Series[]): string | null {
  if (new Set(columns.map((c) => c.unit)).size > 1) {
    return `they are in different units (${listOf(columns.map((c) => `${nameOf(c)} ${c.unit ? `in ${c.unit}` : 'without a unit'}`))})`;
  }
  const measures = [...new Set(columns.map(measureOf).filter(Boolean))];
  if (measures.length >= 2) return `they measure different quantities (${listOf(measures as string[])})`;
  const scales = columns.map((c) => Math.max(...c.values.map(Math.abs)));
  if (Math.max(...scales) > 100 * Math.max(Math.min(...scales), Number.EPSILON)) return 'their scales differ more than a hundredfold, so they are not one measure';
  return null;
}

/** "Highest mean: …; lowest: …" over series that can be ranked, or why they cannot. */
function meanRanking(described: Array<{ s: Series; st: SeriesStats }>): string[] {
  if (described.length < 2) return [];
  const why = incomparable(described.map((d) => d.s));
  if (why) return [`The series' means are not ranked against one another: ${why}.`, ''];
  const f = formatIn(described[0].s.unit);
  const ranked = [...described].sort((a, b) => b.st.mean - a.st.mean);
  const [hi, lo] = [ranked[0], ranked[ranked.length - 1]];
  return [`Highest mean: ${nameOf(hi.s)} ${f(hi.st.mean)} ${cite(hi.s.address)}; lowest: ${nameOf(lo.s)} ${f(lo.st.mean)} ${cite(lo.s.address)}.`, ''];
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
function areaLines(selection: Selection, columns: Series[]): string[] {
  const ranges = selection.ranges;
  const labelsOf = pairLabelAreas(ranges, selection.sheet);
  return ranges.map((range, i) => {
    const here = cite(areaAddress(range, selection.sheet));
    const used = columns.filter((s) => s.areas?.includes(i));
    if (used.length) return `- ${here} holds ${listOf(used.map(nameOf))}, computed below`;
    const named = [...labelsOf].filter(([v, l]) => l === i && columns.some((s) => s.areas?.includes(v))).map(([v]) => cite(areaAddress(ranges[v], selection.sheet)));
    if (named.length) return `- ${here} holds labels, used to name the rows of ${listOf(named)}`;
    const cells = range.values.flat();
    const numbers = cells.filter((v) => toNumber(v) !== null).length;
    if (numbers === 1) return `- ${here} holds a single number, too few to compute statistics on`;
    if (numbers) return `- ${here} has no column with at least two numbers, too few to compute statistics on`;
    if (!cells.some((v) => typeof v === 'string' && v.trim())) return `- ${here} is empty`;
    if (ranges.length === 1) return `- ${here} holds text only, nothing to compute`;
    const beside = columns.some((s) => s.areas?.some((v) => sharesRows(ranges[v], range, selection.sheet)));
    return `- ${here} holds text only, nothing to compute; ${beside ? 'it does not span every row of the numbers beside it, or they are named by labels of their own' : 'it is on other rows than the selected numbers, so it names none of them'}`;
  });
}

/**
 * "annual-report.pdf, p. 2", or the location where a document has no pages ("Sheet1!A1:D20"); a page read
 * by OCR says so, since its words (and numbers) may have been misread.
 */
const source = (p: StoredPassage) => `${p.documentName}${p.page ? `, p. ${p.page}` : ` (${p.location})`}${p.ocr ? ' (scanned page, read by OCR)' : ''}`;

/** Passages quoted at most; a model may cite more, but a list of quotes is read, not skimmed. */
const MAX_QUOTES = 3;

/**
 * The passages worth quoting: the best-ranked ones that share a significant word (compared by its first
 * five letters, so "margins" meets "margin") with the question or the selection's headers. Retrieval
 * always returns its nearest passages, and without a model to judge them, one sharing no word with the
 * question is noise, not evidence.
 */
function quotable(req: EngineRequest, passages: StoredPassage[]): StoredPassage[] {
  const stem = (w: string) => w.slice(0, 5);
  const asked = new Set(retrievalQuery(req.question, req.selection).split(' ').filter(Boolean).map(stem));
  return passages.filter((p) => keywords(p.text, 1000).some((w) => asked.has(stem(w)))).slice(0, MAX_QUOTES);
}

/** "sales.csv holds the selected cells themselves …", naming each such document once. */
function ownFileNote(own: StoredPassage[]): string {
  const names = [...new Set(own.map((p) => p.documentName))];
  const list = names.length === 1 ? names[0] : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
  return `_${list} ${names.length === 1 ? 'holds' : 'hold'} the selected cells themselves, so ${names.length === 1 ? 'it is' : 'they are'} not quoted as evidence about them._`;
}

/** Statistics and quotes, no language model. Token counts are real (gpt-tokenizer) so billing is honest. */
export class LocalAnalyst implements Engine {
  readonly name = 'local' as const;
  readonly model = LOCAL_MODEL;

  async run(req: EngineRequest): Promise<EngineResult> {
    const { selection } = req;
    const columns = numericColumns(selection.ranges, 2, selection.sheet);
    const rows = columns.length >= 2 && !incomparable(columns) ? numericRows(selection.ranges, selection.sheet) : [];
    const out: string[] = [
      '_Local analyst: computed statistics and document quotes, not an answer from a language model._',
      '',
      `Question: ${req.question}`,
      '',
    ];
    // Every area is accounted for: what was computed from it, or why nothing was.
    out.push(selection.ranges.length > 1 ? '**Selected areas**' : '**Selected area**', ...areaLines(selection, columns), '');
    if (!columns.length) out.push('The selection has no numeric column with at least two numbers, so there is nothing to compute.', '');
    const described = columns.map((s) => ({ s, st: describe(s) }));
    if (req.intent === 'compare') out.push(...meanRanking(described));
    for (const { s, st } of described) out.push(...seriesLines(s, st, req.intent), '');
    if (rows.length) {
      out.push('**Per row**');
      // Rows are only summed over columns of one unit (`incomparable`).
      const f = formatIn(columns[0].unit);
      for (const r of rows.slice(0, 20)) {
        const st = describe(r);
        const span = r.addresses.length > 1 ? `${r.addresses[0]}:${r.addresses.at(-1)?.replace(/^.*!/, '')}` : r.addresses[0];
        out.push(`- ${r.label}: sum ${f(st.sum)}, mean ${f(st.mean)} ${cite(span)}; min ${at(st.min, f)}, max ${at(st.max, f)}`);
      }
      if (rows.length > 20) out.push(`- … ${rows.length - 20} more rows`);
      out.push('');
    }
    // The file the cells came from restates them: it is named, not quoted as evidence.
    const own = req.passages.filter((p) => restatesSelection(p, columns));
    const evidence = req.passages.filter((p) => !own.includes(p));
    const figures = figuresInPassages(columns, evidence);
    if (figures.length) {
      out.push('**Selected figures your documents state**');
      for (const m of figures) {
        out.push(`- ${nameOf(m.series)} ${at(m.point, formatIn(m.series.unit))}: "${clipQuote(m.sentence)}" — ${source(m.passage)} [${m.passage.id}]`);
      }
      out.push('');
    } else if (req.intent === 'verify' && columns.length && evidence.length) {
      out.push('None of the selected figures appears in the retrieved passages next to its label, so none could be checked against them.', '');
    }
    // A passage shown for a figure can hold another sentence that answers the question ("Why is Rotterdam's
    // rent higher?" → "The landlord in Rotterdam added a service charge"): it is quoted unless that sentence
    // is the one already shown.
    const shown = new Set(figures.map((m) => `${m.passage.id} ${clipQuote(m.sentence.trim())}`));
    const quoted = quotable(req, evidence)
      .map((p) => ({ p, quote: bestQuote(p.text, req.question) }))
      .filter(({ p, quote }) => !shown.has(`${p.id} ${quote.trim()}`));
    if (quoted.length) {
      out.push('**From your documents**');
      for (const { p, quote } of quoted) {
        out.push(`- "${quote}" — ${source(p)} [${p.id}]`);
      }
    } else if (!figures.length && (evidence.length || !own.length)) {
      out.push(evidence.length
        ? 'No passage in the project documents mentions the words of the question or of the selected headers.'
        : 'No passage in the project documents matched the question.');
    }
    if (own.length) out.push('', ownFileNote(own));
    const text = out.join('\n').trimEnd();
    // Streamed line by line like a model would, so clients use one code path.
    for (const line of text.split(/(?<=\n)/)) {
      if (req.signal.aborted) throw req.signal.reason;
      req.onDelta(line);
    }
    return { text, tokensIn: countPromptTokens(req.messages), tokensOut: countTokens(text) };
  }
}
