/**
 * The pre-run quote (issue 28 §1): what a run will cost before it runs, and the hold a run takes.
 *
 * Prompt tokens are counted over the messages the run would send (scope.ts: the selection, the passages it
 * would retrieve, the few-shot examples). Output tokens are predicted from settled runs of the same model and
 * intent: a weighted quantile of their `tokens_out`, where a run counts more the closer its prompt size is
 * to this one's (output grows with what is asked about), asked in the same language (the answer's), and
 * the user's own runs count OWN_WEIGHT times as much as everyone's. With fewer than MIN_SAMPLES such runs the default holds: an expected length per intent
 * and, as `high`, the most the model may write. The local analyst is priced by its cells: exact.
 */
import { balance } from '../billing/ledger.js';
import type { AnalysisQuote, QuoteBasis } from '../contract/analysis.js';
import type { Deps } from '../deps.js';
import { detectLanguage, type Language } from '../prompts/language.js';
import type { Intent } from '../prompts/rules.js';
import type { User } from '../users/model.js';
import { costRange, type CostRange } from './pricing.js';
import { contextFor, scopeAnalysis, type AnalysisScope, type RunContext, type ScopeInput } from './scope.js';

/** Settled runs needed before history replaces the default. */
export const MIN_SAMPLES = 5;
/** How many recent settled runs are read (the user's own first). */
const HISTORY_LIMIT = 300;
/** A run of the user's own counts this many times one of everyone else's. */
export const OWN_WEIGHT = 3;
/** A run asked in another language counts this share: answers in Korean run to more tokens than in English. */
const OTHER_LANGUAGE_WEIGHT = 0.25;
/** Width (natural log of the prompt-size ratio) of the similarity kernel: a run with twice the prompt weighs ~0.38. */
const SIZE_SIGMA = 0.7;
/** Every run keeps this much weight, so a prompt size never seen before still has a prediction. */
const WEIGHT_FLOOR = 0.02;
/** Quantiles of the prediction: `low` and `high` (before the margin). */
const LOW_Q = 0.1;
const HIGH_Q = 0.97;
/** On top of the high quantile: room for a run longer than any seen near this size. */
const HIGH_MARGIN = 1.15;

/** Expected answer length by intent when there is no history yet (tokens). */
const DEFAULT_OUTPUT: Record<Intent, number> = {
  summarise: 300,
  compare: 350,
  trend: 300,
  anomaly: 300,
  explain: 400,
  verify: 250,
  forecast: 350,
};

export interface OutputSample {
  tokensIn: number;
  tokensOut: number;
  own: boolean;
  language: Language;
}

export interface OutputPrediction {
  expected: number;
  low: number;
  high: number;
  from: QuoteBasis['outputFrom'];
  samples: number;
}

/** Recent settled model runs of this model and intent (cached repeats read nothing and are left out). */
export async function outputHistory(knex: Deps['knex'], input: { userId: string; model: string; intent: string }): Promise<OutputSample[]> {
  const rows = await knex('analyses')
    .where({ model: input.model, intent: input.intent, status: 'succeeded' })
    .whereNull('cachedFrom')
    .whereNotNull('tokensOut')
    .where('tokensIn', '>', 0)
    .orderByRaw('(user_id = ?) DESC, created_at DESC', [input.userId])
    .limit(HISTORY_LIMIT)
    .select('userId', 'tokensIn', 'tokensOut', 'prompt');
  return rows.map((r: { userId: string; tokensIn: number; tokensOut: number; prompt: string }) => ({
    tokensIn: Number(r.tokensIn),
    tokensOut: Number(r.tokensOut),
    own: r.userId === input.userId,
    language: detectLanguage(r.prompt),
  }));
}

/** The value below which `q` of the total weight lies. `points` sorted by value. */
function weightedQuantile(points: Array<{ value: number; weight: number }>, q: number): number {
  const total = points.reduce((s, p) => s + p.weight, 0);
  let acc = 0;
  for (const p of points) {
    acc += p.weight;
    if (acc >= q * total) return p.value;
  }
  return points[points.length - 1].value;
}

/** Output tokens this run is expected to write, and the range, from `samples` (or the default). */
export function predictOutput(samples: OutputSample[], input: { intent: Intent; language: Language; promptTokens: number; maxOutputTokens: number }): OutputPrediction {
  const cap = input.maxOutputTokens;
  if (samples.length < MIN_SAMPLES) {
    const expected = Math.min(cap, DEFAULT_OUTPUT[input.intent] ?? 300);
    return { expected, low: Math.min(expected, Math.round(expected / 3)), high: cap, from: 'default', samples: samples.length };
  }
  const points = samples
    .map((s) => {
      const d = Math.log((s.tokensIn + 1) / (input.promptTokens + 1));
      const kernel = Math.exp(-(d * d) / (2 * SIZE_SIGMA * SIZE_SIGMA)) + WEIGHT_FLOOR;
      return { value: s.tokensOut, weight: kernel * (s.own ? OWN_WEIGHT : 1) * (s.language === input.language ? 1 : OTHER_LANGUAGE_WEIGHT) };
    })
    .sort((a, b) => a.value - b.value);
  const expected = Math.min(cap, weightedQuantile(points, 0.5));
  return {
    expected,
    low: Math.min(expected, weightedQuantile(points, LOW_Q)),
    high: Math.min(cap, Math.max(expected, Math.ceil(weightedQuantile(points, HIGH_Q) * HIGH_MARGIN))),
    from: 'history',
    samples: samples.length,
  };
}

/** The quote of a scoped run whose context (passages, prompt tokens) is known; balance not included. */
export async function priceRun(deps: Deps, userId: string, scope: AnalysisScope, context: RunContext): Promise<{ range: CostRange; basis: QuoteBasis }> {
  const { config } = deps;
  const maxOutputTokens = config.analysis.maxOutputTokens;
  const output: OutputPrediction = scope.local
    ? { expected: 0, low: 0, high: 0, from: 'none', samples: 0 }
    : predictOutput(await outputHistory(deps.knex, { userId, model: scope.engine.model, intent: scope.intent }), { intent: scope.intent, language: detectLanguage(scope.typed), promptTokens: context.promptTokens, maxOutputTokens });
  const range = costRange(config, { local: scope.local, cells: scope.cells, price: scope.price, promptTokens: context.promptTokens, output });
  const { baseTokens, tokensPer1kCells } = config.analysis.localPrice;
  return {
    range,
    basis: {
      model: scope.engine.model,
      local: scope.local,
      intent: scope.intent,
      cells: scope.cells,
      passages: context.passages.length,
      promptTokens: context.promptTokens,
      outputTokens: output.expected,
      outputLow: output.low,
      outputHigh: output.high,
      outputFrom: output.from,
      samples: output.samples,
      price: scope.local ? { input: tokensPer1kCells, output: 0, base: baseTokens } : { input: scope.price.input, output: scope.price.output },
    },
  };
}

/**
 * POST /analyses/quote: the same checks as a run (404, 400, plan limits, unpriced model), then the price,
 * without writing or holding anything. A request a cached answer would serve costs nothing.
 */
export async function quoteAnalysis(deps: Deps, user: Pick<User, 'id' | 'email' | 'role'>, input: ScopeInput): Promise<AnalysisQuote> {
  const scope = await scopeAnalysis(deps, user, input);
  const { available } = await balance(deps.knex, user.id);
  if (scope.cached) {
    const basis: QuoteBasis = {
      model: scope.engine.model, local: scope.local, intent: scope.intent, cells: scope.cells, passages: scope.cached.passages.length, promptTokens: 0,
      outputTokens: 0, outputLow: 0, outputHigh: 0, outputFrom: 'none', samples: 0, price: { input: scope.price.input, output: scope.price.output }, cached: true,
    };
    return { estimatedTokens: 0, low: 0, high: 0, balanceAfter: available, covered: true, basis };
  }
  const context = await contextFor(deps, user.id, input, scope);
  const { range, basis } = await priceRun(deps, user.id, scope, context);
  return { ...range, balanceAfter: available - range.estimatedTokens, covered: available >= range.high, basis };
}
