/**
 * A template's monthly token budget: what all runs of it (by anyone) may charge in a calendar month, UTC.
 * Checked inside the transaction that reserves a run's tokens, with the template row locked, so concurrent
 * runs take turns: each sees the holds of those before it and the month can overshoot by one run at most.
 */
import type { Knex } from 'knex';
import { AppError } from '../http/errors.js';

/** Tokens the template's runs of this month have charged, plus what its running ones still hold. */
export async function monthlyTokensUsed(db: Knex | Knex.Transaction, templateId: string): Promise<number> {
  const row = await db('analyses')
    .where({ templateId })
    .where('createdAt', '>=', db.raw("date_trunc('month', now() AT TIME ZONE 'UTC') AT TIME ZONE 'UTC'"))
    .first(db.raw("COALESCE(SUM(CASE WHEN status IN ('queued','running') THEN tokens_reserved ELSE COALESCE(tokens_charged, 0) END), 0) AS used"));
  return Number((row as { used: string | number | null } | undefined)?.used ?? 0);
}

/**
 * 402 `template_budget_exhausted` once this month's runs have used the budget. Call it in the reservation's
 * transaction: `FOR NO KEY UPDATE` serialises the runs of one template without blocking inserts that only
 * reference it (their foreign-key check takes a KEY SHARE lock).
 */
export async function assertTemplateBudget(trx: Knex.Transaction, templateId: string): Promise<void> {
  const t = await trx('templates').where({ id: templateId }).forNoKeyUpdate().first('monthlyTokenBudget');
  if (t?.monthlyTokenBudget == null) return;
  const budget = Number(t.monthlyTokenBudget);
  const used = await monthlyTokensUsed(trx, templateId);
  if (used >= budget) {
    throw new AppError(402, 'template_budget_exhausted', `This template has used its budget of ${budget.toLocaleString('en-US')} tokens for this month.`, { budget, used });
  }
}
