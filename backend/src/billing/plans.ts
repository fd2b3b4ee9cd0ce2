/**
 * Plans: the configuration is the source of truth; `syncPlans` writes it to the `plans` table at start-up
 * so reports and joins (monitoring's revenue by plan) see the same rows the API serves.
 */
import type { Knex } from 'knex';
import type { Config } from '../config.js';
import type { PlanConfig, PlanId } from './config.js';

export async function syncPlans(knex: Knex, config: Config): Promise<void> {
  for (const p of config.stripe.plans) {
    const row = {
      id: p.id,
      name: p.name,
      priceCents: p.priceCents,
      currency: config.stripe.currency,
      stripePriceId: p.stripePriceId,
      monthlyTokens: p.monthlyTokens,
      documentsPerProject: p.documentsPerProject,
      maxCells: p.maxCells,
      allowedModels: JSON.stringify(p.allowedModels),
      position: p.position,
      updatedAt: new Date(),
    };
    // A price id moved between plans must not trip the unique index mid-update.
    if (p.stripePriceId) await knex('plans').where({ stripePriceId: p.stripePriceId }).whereNot({ id: p.id }).update({ stripePriceId: null });
    await knex('plans').insert(row).onConflict('id').merge();
  }
}

export function planOf(config: Config, id: PlanId): PlanConfig {
  return config.stripe.plans.find((p) => p.id === id) as PlanConfig;
}

export function planByPrice(config: Config, priceId: string | null | undefined): PlanConfig | null {
  return priceId ? (config.stripe.plans.find((p) => p.stripePriceId === priceId) ?? null) : null;
}

export function isPlanId(v: unknown): v is PlanId {
  return v === 'basic' || v === 'pro' || v === 'enterprise';
}
