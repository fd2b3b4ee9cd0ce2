/**
 * What an analysis costs in ledger tokens. A language model is billed by the tokens it reads and writes;
 * the local analyst reads no prompt and writes no free text, so billing it per prompt token charged 24,746
 * tokens (half a sign-up grant) for 4,005 cells of arithmetic. It is priced by its work instead: a small
 * base per run plus a rate per 1,000 selected cells (LOCAL_ANALYST_BASE_TOKENS, _TOKENS_PER_1K_CELLS).
 */
import { costOf } from '../billing/service.js';
import type { Config, ModelPrice } from '../config.js';

/** Ledger tokens of one local-analyst run over `cells` selected cells: known before it runs, so estimate = charge. */
export function localAnalystCost(config: Pick<Config, 'analysis'>, cells: number): number {
  const { baseTokens, tokensPer1kCells } = config.analysis.localPrice;
  return baseTokens + Math.ceil((cells * tokensPer1kCells) / 1000);
}

/** A prompt count of ours may differ a little from a server's (its chat framing): `high` allows for it. */
const PROMPT_MARGIN = 1.02;

export interface CostRange {
  estimatedTokens: number;
  low: number;
  high: number;
}

/**
 * Ledger tokens of a run: expected, low and high, from its prompt tokens and the output predicted
 * (quote.ts). The local analyst's exact price is all three. `high` is what a run holds; it never exceeds
 * the prompt (with the counting margin) plus the most the model may write (max_tokens = maxOutputTokens).
 */
export function costRange(
  config: Pick<Config, 'analysis'>,
  input: { local: boolean; cells: number; price: ModelPrice; promptTokens: number; output: { expected: number; low: number; high: number } },
): CostRange {
  if (input.local) {
    const exact = localAnalystCost(config, input.cells);
    return { estimatedTokens: exact, low: exact, high: exact };
  }
  const { price, promptTokens, output } = input;
  const estimatedTokens = Math.max(1, costOf(price, promptTokens, output.expected));
  const low = Math.max(1, Math.min(estimatedTokens, costOf(price, promptTokens, output.low)));
  const high = Math.max(estimatedTokens, costOf(price, Math.ceil(promptTokens * PROMPT_MARGIN), Math.min(output.high, config.analysis.maxOutputTokens)));
  return { estimatedTokens, low, high };
}
