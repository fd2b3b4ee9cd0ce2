import { z } from 'zod';
import { emailField } from '../http/validate.js';

const name = z.string({ error: 'is required' }).trim().min(1, 'is required').max(120, 'must be at most 120 characters');
const description = z.string().trim().max(1000, 'must be at most 1000 characters').nullable();
const prompt = z.string({ error: 'is required' }).trim().min(1, 'is required').max(4000, 'must be at most 4000 characters');
const visibility = z.enum(['private', 'shared', 'public'], { error: 'must be private, shared or public' });
const sharedWith = z.array(emailField).max(100, 'must have at most 100 addresses');

export const createTemplateSchema = z
  .object({ name, description: description.optional(), prompt, visibility: visibility.default('private'), sharedWith: sharedWith.optional() })
  .strict();
export type CreateTemplateInput = z.output<typeof createTemplateSchema>;

export const updateTemplateSchema = z
  .object({ name: name.optional(), description: description.optional(), prompt: prompt.optional(), visibility: visibility.optional(), sharedWith: sharedWith.optional() })
  .strict()
  .refine((v) => Object.values(v).some((x) => x !== undefined), { message: 'nothing to update' });
export type UpdateTemplateInput = z.output<typeof updateTemplateSchema>;

export const listTemplatesQuery = z.object({ scope: z.enum(['all', 'mine', 'shared', 'public']).default('all') }).strict();
