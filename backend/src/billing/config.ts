/**
 * The billing part of the Config (issue #7): Stripe, plans, token packs, auto-pay and balance alerts. Kept
 * here so the shared `config.ts` only spreads it in; every variable is documented in `.env.example`.
 * A plan's monthly token allowance is SIGNUP_TOKENS_<TIER> (the sign-up grant and each paid invoice's refill).
 */
import { z } from 'zod';
import { isKnownCurrency } from './currency.js';

export const TIERS = ['basic', 'pro', 'enterprise'] as const;
export type PlanId = (typeof TIERS)[number];

const optionalString = z
  .string()
  .optional()
  .transform((v) => (v ? v : undefined));

/** "basic=0,pro=2900,enterprise=19900" → per-tier values (missing tiers keep their defaults). */
function perTier<T>(what: string, parse: (raw: string) => T | null, defaults: Record<PlanId, T>) {
  return z
    .string()
    .default('')
    .transform((raw, ctx) => {
      const out = { ...defaults };
      for (const entry of raw.split(',').map((s) => s.trim()).filter(Boolean)) {
        const m = /^(basic|pro|enterprise)\s*=\s*(.*)$/.exec(entry);
        const value = m ? parse(m[2].trim()) : null;
        if (!m || value === null) {
          ctx.addIssue({ code: 'custom', message: `"${entry}" must look like tier=${what}` });
          return z.NEVER;
        }
        out[m[1] as PlanId] = value;
      }
      return out;
    });
}
const wholeNumber = (raw: string) => (/^\d+$/.test(raw) ? Number(raw) : null);
const models = (raw: string) => (raw === '*' ? ['*'] : raw.split(/[\s|]+/).filter(Boolean));

export interface TokenPack {
  id: string;
  tokens: number;
  priceCents: number;
}

const packs = z
  .string()
  .default('small=100000/900,medium=500000/3900,large=2000000/12900')
  .transform((raw, ctx) => {
    const out: TokenPack[] = [];
    for (const entry of raw.split(',').map((s) => s.trim()).filter(Boolean)) {
      const m = /^([a-z0-9_-]+)\s*=\s*(\d+)\s*\/\s*(\d+)$/.exec(entry);
      if (!m || Number(m[2]) <= 0 || Number(m[3]) < 50) {
        ctx.addIssue({ code: 'custom', message: `"${entry}" must look like name=tokens/cents (at least 50 cents)` });
        return z.NEVER;
      }
      out.push({ id: m[1], tokens: Number(m[2]), priceCents: Number(m[3]) });
    }
    return out;
  });

export type AlertThreshold = { kind: 'percent'; value: number } | { kind: 'tokens'; value: number };

const thresholds = z
  .string()
  .default('20%,0')
  .transform((raw, ctx) => {
    const out: AlertThreshold[] = [];
    for (const entry of raw.split(',').map((s) => s.trim()).filter(Boolean)) {
      const m = /^(\d+)(%?)$/.exec(entry);
      if (!m || (m[2] && Number(m[1]) > 100)) {
        ctx.addIssue({ code: 'custom', message: `"${entry}" must be a percentage of the plan's monthly tokens (20%) or a number of tokens` });
        return z.NEVER;
      }
      out.push(m[2] ? { kind: 'percent', value: Number(m[1]) } : { kind: 'tokens', value: Number(m[1]) });
    }
    return out;
  });

/** Spread into the env schema of `config.ts`. */
export const billingEnvShape = {
  STRIPE_SECRET_KEY: optionalString,
  STRIPE_WEBHOOK_SECRET: optionalString,
  // Tests (and stripe-mock) point the client at a local server: http://127.0.0.1:12111.
  STRIPE_API_BASE: optionalString.pipe(z.string().url().optional()),
  // Amounts (PLAN_PRICE_CENTS, TOKEN_PACKS) are in its smallest unit: cents for usd, won for krw.
  BILLING_CURRENCY: z.string().regex(/^[a-z]{3}$/, 'must be a lower-case ISO currency code such as usd').refine(isKnownCurrency, 'is not an ISO 4217 currency').default('usd'),
  PLAN_PRICE_CENTS: perTier('cents', wholeNumber, { basic: 0, pro: 2900, enterprise: 19900 }),
  STRIPE_PRICE_IDS: perTier('price_...', (v) => v, { basic: '', pro: '', enterprise: '' }),
  PLAN_DOCUMENTS_PER_PROJECT: perTier('number', wholeNumber, { basic: 100, pro: 1000, enterprise: 10_000 }),
  PLAN_MAX_CELLS: perTier('number', wholeNumber, { basic: 20_000, pro: 100_000, enterprise: 1_000_000 }),
  PLAN_MODELS: perTier('model|model or *', models, { basic: ['local-analyst', 'gpt-4o-mini', 'gpt-4.1-mini'], pro: ['*'], enterprise: ['*'] }),
  TOKEN_PACKS: packs,
  BALANCE_ALERT_THRESHOLDS: thresholds,
};

type BillingEnv = z.output<z.ZodObject<typeof billingEnvShape>> & { SIGNUP_TOKENS_BASIC: number; SIGNUP_TOKENS_PRO: number; SIGNUP_TOKENS_ENTERPRISE: number };

export interface PlanConfig {
  id: PlanId;
  name: string;
  priceCents: number;
  /** Empty = not sold through Checkout (e.g. the free Basic plan). */
  stripePriceId: string | null;
  monthlyTokens: number;
  documentsPerProject: number;
  maxCells: number;
  /** `['*']` = every priced model. */
  allowedModels: string[];
  position: number;
}

export interface StripeConfig {
  secretKey?: string;
  webhookSecret?: string;
  apiBase?: string;
  currency: string;
  plans: PlanConfig[];
  packs: TokenPack[];
  alertThresholds: AlertThreshold[];
}

const NAMES: Record<PlanId, string> = { basic: 'Basic', pro: 'Pro', enterprise: 'Enterprise' };

export function stripeConfig(e: BillingEnv): StripeConfig {
  const tokens: Record<PlanId, number> = { basic: e.SIGNUP_TOKENS_BASIC, pro: e.SIGNUP_TOKENS_PRO, enterprise: e.SIGNUP_TOKENS_ENTERPRISE };
  return {
    secretKey: e.STRIPE_SECRET_KEY,
    webhookSecret: e.STRIPE_WEBHOOK_SECRET,
    apiBase: e.STRIPE_API_BASE,
    currency: e.BILLING_CURRENCY,
    plans: TIERS.map((id, position) => ({
      id,
      name: NAMES[id],
      priceCents: e.PLAN_PRICE_CENTS[id],
      stripePriceId: e.STRIPE_PRICE_IDS[id] || null,
      monthlyTokens: tokens[id],
      documentsPerProject: e.PLAN_DOCUMENTS_PER_PROJECT[id],
      maxCells: e.PLAN_MAX_CELLS[id],
      allowedModels: e.PLAN_MODELS[id],
      position,
    })),
    packs: e.TOKEN_PACKS,
    alertThresholds: e.BALANCE_ALERT_THRESHOLDS,
  };
}
