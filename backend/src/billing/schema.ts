import { z } from 'zod';

export const ledgerQuery = z
  .object({
    limit: z.coerce.number({ error: 'must be a number' }).int('must be a whole number').min(1, 'must be ≥ 1').max(100, 'must be ≤ 100').default(50),
    before: z.string().uuid('must be a valid id').optional(),
  })
  .strict();
