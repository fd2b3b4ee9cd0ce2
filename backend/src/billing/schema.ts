import { z } from 'zod';
import { DAY_BOUNDS_MESSAGE, FIRST_DAY, LAST_DAY } from '../monitoring/range.js';
import { TIERS } from './config.js';

const limit = (max: number, dflt: number) =>
  z.coerce.number({ error: 'must be a number' }).int('must be a whole number').min(1, 'must be ≥ 1').max(max, `must be ≤ ${max}`).default(dflt);
// Bounded like the usage ranges: a year outside 0001–9999 (JS takes ±275760) is a 500 in the database.
const date = z.coerce
  .date({ error: 'must be a date (ISO 8601)' })
  .min(new Date(`${FIRST_DAY}T00:00:00.000Z`), DAY_BOUNDS_MESSAGE)
  .max(new Date(`${LAST_DAY}T23:59:59.999Z`), DAY_BOUNDS_MESSAGE);
const LEDGER_KINDS = ['grant', 'purchase', 'analysis', 'embedding', 'refund', 'adjust'] as const;

export const ledgerQuery = z
  .object({
    limit: limit(100, 50),
    before: z.string().uuid('must be a valid id').optional(),
    // One kind, or several comma-separated: ?kind=purchase,refund
    kind: z
      .string()
      .transform((v) => v.split(',').map((s) => s.trim()).filter(Boolean))
      .pipe(z.array(z.enum(LEDGER_KINDS, { error: `must be one of ${LEDGER_KINDS.join(', ')}` })))
      .optional(),
    from: date.optional(),
    to: date.optional(),
  })
  .strict()
  .refine((q) => !q.from || !q.to || q.from < q.to, { message: 'from must be before to', path: ['from'] });

export const pageQuery = z.object({ limit: limit(100, 50), before: z.string().uuid('must be a valid id').optional() }).strict();

export const checkoutBody = z.discriminatedUnion(
  'kind',
  [
    z.object({ kind: z.literal('subscription'), plan: z.enum(TIERS, { error: `must be one of ${TIERS.join(', ')}` }) }).strict(),
    z.object({ kind: z.literal('token_pack'), pack: z.string({ error: 'is required' }).min(1, 'is required').max(64) }).strict(),
  ],
  { error: 'kind must be subscription or token_pack' },
);
export type CheckoutBody = z.infer<typeof checkoutBody>;

export const autoPayBody = z
  .object({
    enabled: z.boolean({ error: 'must be true or false' }),
    thresholdTokens: z.number({ error: 'must be a number' }).int('must be a whole number').min(0, 'must be ≥ 0').max(1_000_000_000, 'is too large'),
    pack: z.string({ error: 'is required' }).min(1, 'is required').max(64),
  })
  .strict();

export const notificationsQuery = z
  .object({ limit: limit(100, 50), unread: z.enum(['true', 'false'], { error: 'must be true or false' }).optional().transform((v) => v === 'true') })
  .strict();

export const grantBody = z
  .object({
    amount: z
      .number({ error: 'must be a number' })
      .int('must be a whole number')
      .min(-1_000_000_000, 'is too small')
      .max(1_000_000_000, 'is too large')
      .refine((v) => v !== 0, 'must not be 0'),
    reason: z.string({ error: 'is required' }).trim().min(3, 'must say why (at least 3 characters)').max(500, 'is too long'),
  })
  .strict();

export const tierBody = z.object({ tier: z.enum(TIERS, { error: `must be one of ${TIERS.join(', ')}` }) }).strict();
