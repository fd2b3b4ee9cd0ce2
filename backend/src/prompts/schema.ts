import { z } from 'zod';
import type { Config } from '../config.js';
import { selectionSchema } from '../analysis/schema.js';
import { LANGUAGES } from './language.js';

export function refineSchema(config: Config) {
  return z
    .object({
      projectId: z.string({ error: 'is required' }).uuid('must be a valid id'),
      selection: selectionSchema(config),
      prompt: z.string({ error: 'must be text' }).trim().max(4000, 'must be at most 4000 characters').default(''),
      templateId: z.string().uuid('must be a valid id').optional(),
    })
    .strict()
    .refine((b) => b.prompt.length > 0 || b.templateId !== undefined, { path: ['prompt'], message: 'is required (or choose a template)' });
}
export type RefineInput = z.output<ReturnType<typeof refineSchema>>;

/** GET /prompts/examples: `lang` picks the built-in examples' language (else the Accept-Language header's). */
export const examplesQuery = z.object({ lang: z.enum(LANGUAGES, { error: `must be one of ${LANGUAGES.join(', ')}` }).optional() });
