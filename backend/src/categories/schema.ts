import { z } from 'zod';
import { displayName } from '../lib/display-name.js';

const name = displayName(80);

export const createCategorySchema = z.object({ name }).strict();
export const updateCategorySchema = z.object({ name }).strict();
export const deleteCategoryQuery = z.object({ moveProjectsTo: z.string().uuid('must be a valid id').optional() });
/** Move one category to a new index (0-based) in the sidebar. */
export const orderCategoriesSchema = z
  .object({ categoryId: z.string().uuid('must be a valid id'), index: z.number().int().min(0, 'must be ≥ 0') })
  .strict();
