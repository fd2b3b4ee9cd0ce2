/**
 * Billing operations that other domains call: the sign-up grant (inside the sign-up transaction) and
 * model pricing (ledger tokens for a number of model tokens; a model without a price is refused).
 */
import type { Knex } from 'knex';
import type { Config, ModelPrice } from '../config.js';
import type { Deps } from '../deps.js';
import type { EmbeddingUsage } from '../llm/usage.js';
import { AppError } from '../http/errors.js';
import type { User } from '../users/model.js';
import { credit, debit, type LedgerEntry } from './ledger.js';

/** Credits the tier's sign-up tokens once per user (idempotent on `signup:<userId>`). */
export async function grantSignupTokens(config: Config, trx: Knex.Transaction, user: Pick<User, 'id' | 'tier'>): Promise<LedgerEntry | null> {
  const amount = config.billing.signupTokens[user.tier] ?? 0;
  if (amount <= 0) return null;
  return credit(trx, { userId: user.id, amount, kind: 'grant', reference: `signup:${user.tier}`, idempotencyKey: `signup:${user.id}` });
}

/** The model's price, or a 503 that names it: an unpriced model is never run (it would be free or a guess). */
export function priceOf(config: Config, model: string): ModelPrice {
  const price = config.billing.modelPrices[model];
  if (!price) {
    throw new AppError(503, 'model_not_priced', `The model "${model}" has no price configured (MODEL_PRICES), so it cannot be used.`);
  }
  return price;
}

/** Ledger tokens for a usage, rounded up (a call always costs at least one token if it used any). */
export function costOf(price: ModelPrice, tokensIn: number, tokensOut: number): number {
  return Math.ceil((tokensIn * price.input + tokensOut * price.output) / 1000);
}

/**
 * Debits one recorded embedding call. The tokens are already spent, so the debit takes what is available
 * (`upTo`) and records any shortfall instead of failing; the usage row id makes it idempotent.
 */
export async function debitEmbeddingUsage(deps: Pick<Deps, 'config' | 'knex'>, usage: EmbeddingUsage): Promise<LedgerEntry | null> {
  const cost = costOf(priceOf(deps.config, usage.model), usage.tokens, 0);
  if (cost <= 0) return null;
  return debit(deps.knex, {
    userId: usage.userId,
    amount: cost,
    kind: 'embedding',
    reference: usage.documentId ? `document:${usage.documentId}` : `embedding:${usage.purpose}`,
    idempotencyKey: `embedding:${usage.id}`,
    metadata: { model: usage.model, tokens: usage.tokens, purpose: usage.purpose },
    upTo: true,
  });
}
