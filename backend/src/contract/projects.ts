/**
 * Projects and the categories that hold them as the API serves them, written once (STYLE.md §15): only zod
 * schemas and their inferred types, no imports from the rest of the backend.
 */
import { z } from 'zod';

export const projectSchema = z
  .object({
    id: z.string(),
    categoryId: z.string(),
    name: z.string(),
    description: z.string().nullable(),
    position: z.number(),
    createdAt: z.string(),
    updatedAt: z.string(),
    /** The latest document upload or analysis in the project, else its creation. */
    lastActivityAt: z.string(),
    documentCount: z.number().int(),
  })
  .strict();
export type Project = z.infer<typeof projectSchema>;

/** A category with its projects, in their order. */
export const categorySchema = z.object({ id: z.string(), name: z.string(), position: z.number(), projects: z.array(projectSchema) }).strict();
export type Category = z.infer<typeof categorySchema>;
