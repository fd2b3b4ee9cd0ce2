import { z } from 'zod';
import { displayName } from '../lib/display-name.js';

const name = displayName(120);
const description = z.string().trim().normalize('NFC').max(2000, 'must be at most 2000 characters').nullable();
const id = z.string({ error: 'is required' }).uuid('must be a valid id');

export const createProjectSchema = z.object({ categoryId: id, name, description: description.optional() }).strict();
export const updateProjectSchema = z
  .object({ name: name.optional(), description: description.optional() })
  .strict()
  .refine((v) => v.name !== undefined || v.description !== undefined, { message: 'nothing to update' });
/** Move one project to `index` in `categoryId` (the same or another category of the user). */
export const orderProjectsSchema = z
  .object({ projectId: id, categoryId: id, index: z.number().int().min(0, 'must be ≥ 0') })
  .strict();
