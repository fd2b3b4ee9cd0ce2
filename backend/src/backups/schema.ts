import { z } from 'zod';

export const listBackupsQuery = z.object({
  limit: z.coerce.number().int().min(1, 'must be at least 1').max(500, 'must be at most 500').default(100),
  /** Days of storage-usage history for the chart. */
  days: z.coerce.number().int().min(1).max(3660).default(90),
});
export type ListBackupsQuery = z.infer<typeof listBackupsQuery>;
