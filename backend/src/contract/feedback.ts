/**
 * The answer-feedback aggregate admins read (`GET /prompts/feedback-summary`), written once (STYLE.md §15):
 * only zod schemas and their inferred types, no imports from the rest of the backend.
 */
import { z } from 'zod';

/** Satisfaction and the most frequent complaint terms of one intent or one template. */
export const feedbackGroupSchema = z
  .object({
    intent: z.string().optional(),
    templateId: z.string().nullable().optional(),
    templateName: z.string().nullable().optional(),
    total: z.number().int(),
    up: z.number().int(),
    down: z.number().int(),
    /** up / total, rounded to three places. */
    satisfactionRate: z.number(),
    commonComplaints: z.array(z.object({ term: z.string(), count: z.number().int() }).strict()),
  })
  .strict();
export type FeedbackGroup = z.infer<typeof feedbackGroupSchema>;

export const feedbackSummarySchema = z.object({ byIntent: z.array(feedbackGroupSchema), byTemplate: z.array(feedbackGroupSchema) }).strict();
export type FeedbackSummary = z.infer<typeof feedbackSummarySchema>;
