/**
 * The template shapes the API serves (templates, their versions and few-shot examples, how they do), written
 * once (STYLE.md §15): only zod schemas and their inferred types, no imports from the rest of the backend.
 */
import { z } from 'zod';

export const templateVisibilitySchema = z.enum(['private', 'shared', 'public']);
export type TemplateVisibility = z.infer<typeof templateVisibilitySchema>;

export const templateSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    description: z.string().nullable(),
    /** May use {{selection}}, {{sheet}}, {{headers}}, {{workbook}}, {{ranges}} (filled when run) and {{name}}s of its own. */
    prompt: z.string(),
    visibility: templateVisibilitySchema,
    /** The placeholders a run must fill: send `variables: { name: value }` with the analysis. */
    variables: z.array(z.string()),
    /** The built-in placeholders the prompt uses (filled from the selection). */
    builtInVariables: z.array(z.string()),
    /** Tokens all runs may charge per calendar month (UTC); null: no cap. Over it a run is a 402 `template_budget_exhausted`. */
    monthlyTokenBudget: z.number().nullable(),
    isOwner: z.boolean(),
    /** Only filled for the owner. */
    sharedWith: z.array(z.string()),
    /** The shared addresses no confirmed account uses yet: the share waits for them to sign up (owner only). */
    pendingShares: z.array(z.string()),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .strict();
export type Template = z.infer<typeof templateSchema>;

export const exampleUseSchema = z.enum(['answer', 'correction']);
export type ExampleUse = z.infer<typeof exampleUseSchema>;

/** A few-shot example promoted from a rated run: the question, a summary of its cells, the answer shown. */
export const templateExampleSchema = z
  .object({ use: exampleUseSchema, analysisId: z.string(), question: z.string(), selection: z.string(), answer: z.string(), addedAt: z.string() })
  .strict();
export type TemplateExample = z.infer<typeof templateExampleSchema>;

export const templateVersionSchema = z
  .object({
    id: z.string(),
    number: z.number().int(),
    prompt: z.string(),
    /** The version this one restored, if it is a restore. */
    restoredFrom: z.string().nullable(),
    isCurrent: z.boolean(),
    exampleCount: z.number().int(),
    /** Only for those who curate the template (its owner; an admin for a public one). */
    examples: z.array(templateExampleSchema).optional(),
    createdAt: z.string(),
  })
  .strict();
export type TemplateVersion = z.infer<typeof templateVersionSchema>;

/** A run of the template rated helpful or corrected, which the curator may promote to an example. */
export const exampleCandidateSchema = z
  .object({
    analysisId: z.string(),
    question: z.string(),
    selection: z.string(),
    answer: z.string(),
    rating: z.enum(['up', 'down']),
    comment: z.string().nullable(),
    correctedAnswer: z.string().nullable(),
    versionNumber: z.number().int().nullable(),
    createdAt: z.string(),
    /** The uses of this run the current version already has as examples. */
    promoted: z.array(exampleUseSchema),
  })
  .strict();
export type ExampleCandidate = z.infer<typeof exampleCandidateSchema>;

/** How a template (or one version) does; `averageCost` is tokens per answered run. */
export const templateFiguresSchema = z
  .object({
    runs: z.number(),
    users: z.number(),
    tokens: z.number(),
    /** Tokens charged per answered run; null before the first. */
    averageCost: z.number().nullable(),
    up: z.number(),
    down: z.number(),
    /** up / (up + down); null while nobody rated. */
    satisfaction: z.number().nullable(),
    /** The most frequent thumbs-down comments (trimmed, case-folded), most frequent first. */
    complaints: z.array(z.object({ comment: z.string(), count: z.number() }).strict()),
  })
  .strict();
export type TemplateFigures = z.infer<typeof templateFiguresSchema>;

export const templateAnalyticsSchema = templateFiguresSchema.extend({
  templateId: z.string(),
  /** Newest version first. */
  versions: z.array(templateFiguresSchema.extend({ versionId: z.string(), number: z.number().int() }).strict()),
});
export type TemplateAnalytics = z.infer<typeof templateAnalyticsSchema>;
