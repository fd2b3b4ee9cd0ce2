/**
 * The billing shapes the API serves (balance, ledger lines, plans, payments), written once (STYLE.md §15):
 * only zod schemas and their inferred types, no imports from the rest of the backend. The presenters return
 * these types and `api-client` takes them with a type-only import, so a field added here is a compile error
 * in every client until it handles it.
 */
import { z } from 'zod';

export const tierSchema = z.enum(['basic', 'pro', 'enterprise']);
export type Tier = z.infer<typeof tierSchema>;

export const balanceSchema = z.object({ balance: z.number(), reserved: z.number(), available: z.number(), tier: tierSchema }).strict();
export type Balance = z.infer<typeof balanceSchema>;

export const ledgerKindSchema = z.enum(['grant', 'purchase', 'analysis', 'embedding', 'refund', 'adjust']);
export type LedgerKind = z.infer<typeof ledgerKindSchema>;

export const paymentKindSchema = z.enum(['subscription', 'token_pack', 'auto_pay']);
export type PaymentKind = z.infer<typeof paymentKindSchema>;

/** What a ledger line is about, as data, so each client can say it in the user's language. */
export const ledgerDetailSchema = z.discriminatedUnion('what', [
  z.object({ what: z.literal('signup'), plan: z.string() }).strict(),
  z.object({ what: z.literal('admin'), added: z.boolean(), reason: z.string().nullable() }).strict(),
  z.object({ what: z.literal('refund'), receipt: z.string() }).strict(),
  z.object({ what: z.literal('payment'), payment: paymentKindSchema, receipt: z.string() }).strict(),
  z.object({ what: z.literal('analysis'), prompt: z.string().nullable() }).strict(),
  z.object({ what: z.literal('document'), filename: z.string().nullable() }).strict(),
  z.object({ what: z.literal('search') }).strict(),
  z.object({ what: z.literal('reading') }).strict(),
  z.object({ what: z.literal('other'), kind: z.string() }).strict(),
]);
export type LedgerDetail = z.infer<typeof ledgerDetailSchema>;

/** One ledger line as the user sees it (no metadata internals, no other users' ids). */
export const ledgerEntrySchema = z
  .object({
    id: z.string(),
    delta: z.number(),
    kind: ledgerKindSchema,
    reference: z.string().nullable(),
    /** The line in English words: "Analysis: “…”", "Reading leases.pdf", "Token purchase, receipt IN-0001". */
    description: z.string(),
    detail: ledgerDetailSchema,
    balanceAfter: z.number(),
    uncovered: z.number(),
    createdAt: z.string(),
  })
  .strict();
export type LedgerEntry = z.infer<typeof ledgerEntrySchema>;

export const planSchema = z
  .object({
    id: tierSchema,
    name: z.string(),
    /** In the currency's smallest unit: cents, or whole won for krw. */
    priceCents: z.number(),
    currency: z.string(),
    /** Formatted by the server: "$29.00", "₩39,000". */
    priceText: z.string(),
    monthlyTokens: z.number(),
    limits: z.object({ documentsPerProject: z.number(), maxCells: z.number(), allowedModels: z.array(z.string()) }).strict(),
    current: z.boolean(),
    purchasable: z.boolean(),
  })
  .strict();
export type Plan = z.infer<typeof planSchema>;

export const tokenPackSchema = z.object({ id: z.string(), tokens: z.number(), priceCents: z.number(), currency: z.string(), priceText: z.string() }).strict();
export type TokenPack = z.infer<typeof tokenPackSchema>;

/** Plans, packs and the user's place among them; Stripe price ids stay on the server. */
export const plansSchema = z
  .object({
    current: tierSchema,
    stripe: z.object({ configured: z.boolean(), message: z.string().nullable() }).strict(),
    plans: z.array(planSchema),
    packs: z.array(tokenPackSchema),
    subscription: z.object({ plan: tierSchema, status: z.string(), currentPeriodEnd: z.string().nullable(), cancelAtPeriodEnd: z.boolean() }).strict().nullable(),
  })
  .strict();
export type Plans = z.infer<typeof plansSchema>;

/** A payment as the user sees it: no Stripe ids; amounts in the smallest unit and formatted by the server. */
export const paymentSchema = z
  .object({
    id: z.string(),
    receiptNumber: z.string(),
    kind: paymentKindSchema,
    status: z.enum(['pending', 'succeeded', 'failed', 'refunded', 'partially_refunded']),
    amountCents: z.number(),
    refundedCents: z.number(),
    currency: z.string(),
    /** Formatted by the server: "$9.00", "₩12,000". */
    amountText: z.string(),
    refundedText: z.string(),
    tokens: z.number(),
    description: z.string().nullable(),
    failureMessage: z.string().nullable(),
    paidAt: z.string().nullable(),
    createdAt: z.string(),
    /** API paths (add the access token to open them in a browser: `receiptUrl`). */
    receipt: z.object({ html: z.string(), pdf: z.string(), stripe: z.string().nullable() }).strict(),
  })
  .strict();
export type Payment = z.infer<typeof paymentSchema>;
