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

/** The hold taken before a run: the local analyst's exact price, or a model's prompt + the most it may write. */
export function estimateCost(config: Pick<Config, 'analysis'>, input: { local: boolean; cells: number; price: ModelPrice; promptTokens: number }): number {
  if (input.local) return localAnalystCost(config, input.cells);
  return Math.max(1, costOf(input.price, input.promptTokens, config.analysis.maxOutputTokens));
}
