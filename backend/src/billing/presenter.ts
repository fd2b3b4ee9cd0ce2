import type { Knex } from 'knex';
import type { Config } from '../config.js';
import { money } from './currency.js';
import type { Balance as BalanceJson, LedgerDetail, LedgerEntry as LedgerEntryJson, Plans } from '../contract/billing.js';
import { describeEntries } from './describe.js';
import type { Tier } from '../users/model.js';
import type { Balance, LedgerEntry } from './ledger.js';
import { stripeConfigured } from './stripe.js';

export function presentBalance(b: Balance, tier: Tier): BalanceJson {
  return { balance: b.balance, reserved: b.reserved, available: b.available, tier };
}

/**
 * One ledger line as the user sees it (no metadata internals, no other users' ids), described by describe.ts:
 * `description` in English, `detail` as data for clients that say it in the user's language.
 */
function presentLedgerEntry(e: LedgerEntry, { description, detail }: { description: string; detail: LedgerDetail }): LedgerEntryJson {
  const uncovered = typeof e.metadata.uncovered === 'number' ? e.metadata.uncovered : 0;
  return {
    id: e.id,
    delta: e.delta,
    kind: e.kind,
    reference: e.reference,
    description,
    detail,
    balanceAfter: e.balanceAfter,
    uncovered,
    createdAt: e.createdAt.toISOString(),
  };
}

/** A page of ledger lines, each described in words. */
export async function presentLedger(knex: Knex, entries: LedgerEntry[]): Promise<LedgerEntryJson[]> {
  const described = await describeEntries(knex, entries);
  return entries.map((e) => presentLedgerEntry(e, described.get(e.id)!));
}

/**
 * Plans, packs and the user's place among them; Stripe price ids stay on the server. `priceCents` is in the
 * currency's smallest unit (won for krw); `priceText` is it formatted ("$29.00", "₩12,000").
 */
export function presentPlans(config: Config, tier: Tier, sub: Record<string, unknown> | null): Plans {
  const configured = stripeConfigured(config);
  return {
    current: tier,
    stripe: {
      configured,
      message: configured ? null : 'Online payments are not configured on this server. An administrator can grant tokens.',
    },
    plans: config.stripe.plans.map((p) => ({
      id: p.id,
      name: p.name,
      priceCents: p.priceCents,
      currency: config.stripe.currency,
      priceText: money(p.priceCents, config.stripe.currency),
      monthlyTokens: p.monthlyTokens,
      limits: { documentsPerProject: p.documentsPerProject, maxCells: p.maxCells, allowedModels: p.allowedModels },
      current: p.id === tier,
      purchasable: configured && Boolean(p.stripePriceId),
    })),
    packs: config.stripe.packs.map((p) => ({ id: p.id, tokens: p.tokens, priceCents: p.priceCents, currency: config.stripe.currency, priceText: money(p.priceCents, config.stripe.currency) })),
    subscription: sub
      ? {
          plan: sub.planId as Tier,
          status: sub.status as string,
          currentPeriodEnd: sub.currentPeriodEnd ? new Date(sub.currentPeriodEnd as string).toISOString() : null,
          cancelAtPeriodEnd: Boolean(sub.cancelAtPeriodEnd),
        }
      : null,
  };
}
