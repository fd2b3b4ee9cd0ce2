/**
 * The two analysis engines behind one interface: the OpenAI-compatible chat model (streamed) and the local
 * analyst (real statistics of the selection + the best-matching passages, clearly labelled as not an LLM).
 */
import { countTokens } from 'gpt-tokenizer';
import OpenAI from 'openai';
import type { Config } from '../config.js';
import type { Intent } from '../prompts/rules.js';
import { bestQuote } from './citations.js';
import { countPromptTokens, type ChatMessage, type StoredPassage } from './context.js';
import type { Selection } from './schema.js';
import { describe, fmt, numericColumns, numericRows, type Series, type SeriesStats } from './stats.js';

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

function unit(u: string | null): string {
  return u && u !== '%' ? ` ${u}` : u === '%' ? '%' : '';
}

function seriesLines(s: Series, st: SeriesStats, intent: Intent): string[] {
  const u = unit(s.unit);
  const lines = [
    `**${s.label}** (${s.address}, ${st.count} numbers${s.unit ? `, ${s.unit}` : ''})`,
    `- sum ${fmt(st.sum)}${u}; mean ${fmt(st.mean)}${u}; median ${fmt(st.median)}${u}; std-dev ${fmt(st.stdDev)}`,
    `- min ${fmt(st.min.value)}${u} (${st.min.address}); max ${fmt(st.max.value)}${u} (${st.max.address})`,
    `- trend ${st.trend} (${st.slope >= 0 ? '+' : ''}${fmt(st.slope)} per step); first → last ${st.changePct === null ? 'n/a (starts at 0)' : `${st.changePct >= 0 ? '+' : ''}${fmt(st.changePct)}%`}`,
  ];
  if (st.outliers.length) lines.push(`- outliers: ${st.outliers.map((o) => `${o.address} = ${fmt(o.value)}${u}`).join(', ')} (beyond 1.5× the interquartile range)`);
  else if (intent === 'anomaly') lines.push('- no outliers (all values within 1.5× the interquartile range)');
  if (intent === 'forecast' && st.count >= 3) lines.push(`- linear projection of the next step: ${fmt(st.mean + st.slope * ((st.count - 1) / 2 + 1))}${u}`);
  return lines;
}

/** Statistics and quotes, no language model. Token counts are real (gpt-tokenizer) so billing is honest. */
export class LocalAnalyst implements Engine {
  readonly name = 'local' as const;
  readonly model = LOCAL_MODEL;

  async run(req: EngineRequest): Promise<EngineResult> {
    const columns = numericColumns(req.selection.ranges);
    const rows = columns.length >= 2 ? numericRows(req.selection.ranges) : [];
    const out: string[] = [
      '_Local analyst: computed statistics and document quotes, not an answer from a language model._',
      '',
      `Question: ${req.question}`,
      '',
    ];
    if (!columns.length) out.push('The selection has no numeric column with at least two numbers, so there is nothing to compute.');
    const described = columns.map((s) => ({ s, st: describe(s) }));
    if (req.intent === 'compare' && described.length >= 2) {
      const ranked = [...described].sort((a, b) => b.st.mean - a.st.mean);
      out.push(`Highest mean: ${ranked[0].s.label} (${fmt(ranked[0].st.mean)}); lowest: ${ranked[ranked.length - 1].s.label} (${fmt(ranked[ranked.length - 1].st.mean)}).`, '');
    }
    for (const { s, st } of described) out.push(...seriesLines(s, st, req.intent), '');
    if (rows.length) {
      out.push('**Per row**');
      for (const r of rows.slice(0, 20)) {
        const st = describe(r);
        out.push(`- ${r.label} (${r.address}): sum ${fmt(st.sum)}, mean ${fmt(st.mean)}, min ${fmt(st.min.value)} (${st.min.address}), max ${fmt(st.max.value)} (${st.max.address})`);
      }
      if (rows.length > 20) out.push(`- … ${rows.length - 20} more rows`);
      out.push('');
    }
    if (req.passages.length) {
      out.push('**From your documents**');
      for (const p of req.passages.slice(0, 3)) {
        out.push(`- "${bestQuote(p.text, req.question)}" — ${p.documentName}${p.page ? `, p. ${p.page}` : ` (${p.location})`} [${p.id}]`);
      }
    } else {
      out.push('No passage in the project documents matched the question.');
    }
    const text = out.join('\n').trimEnd();
    // Streamed line by line like a model would, so clients use one code path.
    for (const line of text.split(/(?<=\n)/)) {
      if (req.signal.aborted) throw req.signal.reason;
      req.onDelta(line);
    }
    return { text, tokensIn: countPromptTokens(req.messages), tokensOut: countTokens(text) };
  }
}
