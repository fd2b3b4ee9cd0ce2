import { z } from 'zod';

const name = z.string({ error: 'is required' }).trim().min(1, 'is required').max(80, 'must be at most 80 characters');

export const createCategorySchema = z.object({ name }).strict();
export const updateCategorySchema = z.object({ name }).strict();
export const deleteCategoryQuery = z.object({ moveProjectsTo: z.string().uuid('must be a valid id').optional() });
/** Move one category to a new index (0-based) in the sidebar. */
export const orderCategoriesSchema = z
  .object({ categoryId: z.string().uuid('must be a valid id'), index: z.number().int().min(0, 'must be ≥ 0') })
  .strict();
