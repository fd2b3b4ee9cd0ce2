import { z } from 'zod';
import { emailField } from '../http/validate.js';

const name = z.string({ error: 'is required' }).trim().min(1, 'is required').max(120, 'must be at most 120 characters');
const description = z.string().trim().max(1000, 'must be at most 1000 characters').nullable();
const prompt = z.string({ error: 'is required' }).trim().min(1, 'is required').max(4000, 'must be at most 4000 characters');
const visibility = z.enum(['private', 'shared', 'public'], { error: 'must be private, shared or public' });
const sharedWith = z.array(emailField).max(100, 'must have at most 100 addresses');
/** Tokens per calendar month for all runs of the template; null removes the cap. */
const monthlyTokenBudget = z.number({ error: 'must be a number' }).int('must be a whole number').min(0, 'must be ≥ 0').max(1e12, 'must be at most 1,000,000,000,000').nullable();

export const createTemplateSchema = z
  .object({ name, description: description.optional(), prompt, visibility: visibility.default('private'), sharedWith: sharedWith.optional(), monthlyTokenBudget: monthlyTokenBudget.optional() })
  .strict();
export type CreateTemplateInput = z.output<typeof createTemplateSchema>;

export const updateTemplateSchema = z
  .object({ name: name.optional(), description: description.optional(), prompt: prompt.optional(), visibility: visibility.optional(), sharedWith: sharedWith.optional(), monthlyTokenBudget: monthlyTokenBudget.optional() })
  .strict()
  .refine((v) => Object.values(v).some((x) => x !== undefined), { message: 'nothing to update' });
export type UpdateTemplateInput = z.output<typeof updateTemplateSchema>;

export const listTemplatesQuery = z.object({ scope: z.enum(['all', 'mine', 'shared', 'public']).default('all') }).strict();

export const versionParams = z.object({ id: z.string().uuid('must be a valid id'), vid: z.string().uuid('must be a valid id') });

/** POST /templates/:id/examples: a rated run of the template, as answered or as corrected. */
export const promoteExampleSchema = z
  .object({
    analysisId: z.string({ error: 'is required' }).uuid('must be a valid id'),
    use: z.enum(['answer', 'correction'], { error: 'must be answer or correction' }),
  })
  .strict();
export type PromoteExampleInput = z.output<typeof promoteExampleSchema>;

export const exampleParams = z.object({
  id: z.string().uuid('must be a valid id'),
  index: z.coerce.number({ error: 'must be a number' }).int('must be a whole number').min(0, 'must be ≥ 0').max(1000, 'must be at most 1000'),
});
