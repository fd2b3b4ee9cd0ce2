import { z } from 'zod';
import { rangeQuery } from '../monitoring/range.js';

export const USER_SORTS = ['email', 'name', 'createdAt', 'lastActive', 'tokens30d', 'analyses', 'balance', 'tier'] as const;

export const listUsersQuery = z.object({
  // NFC like the names it searches (a Korean query typed on macOS arrives decomposed).
  q: z.string().trim().normalize('NFC').max(200, 'is too long').optional(),
  status: z.enum(['all', 'active', 'disabled'], { error: 'must be all, active or disabled' }).default('all'),
  sort: z.enum(USER_SORTS, { error: `must be one of ${USER_SORTS.join(', ')}` }).default('createdAt'),
  order: z.enum(['asc', 'desc'], { error: 'must be asc or desc' }).default('desc'),
  page: z.coerce.number().int().min(1, 'must be at least 1').max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1, 'must be at least 1').max(200, 'must be at most 200').default(25),
});
export type ListUsersQuery = z.infer<typeof listUsersQuery>;

/** Admin statistics and user detail: the last 30 days by default. */
export const statsQuery = rangeQuery(30);

/** GET /admin/users/:id/trail: the same pages as the user's own GET /me/trail. */
export { trailQuery, type TrailQuery } from '../monitoring/calls.js';
