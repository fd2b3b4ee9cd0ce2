/**
 * The per-call token trail as the API pages it (`GET /me/trail`, `GET /admin/users/:id/trail`), written once
 * (STYLE.md §15): only zod schemas and their inferred types, no imports from the rest of the backend.
 */
import { z } from 'zod';

/** One model call: what was called, its tokens, cost, charge and latency, and what it belongs to. */
export const modelCallSchema = z
  .object({
    id: z.string(),
    at: z.string(),
    /** `chat` or `embedding`. */
    kind: z.string(),
    /** `claim-verification` for the call that checked an answer's claims; null otherwise. */
    purpose: z.string().nullable(),
    model: z.string(),
    /** `ok` or `failed`. */
    status: z.string(),
    tokensIn: z.number().nullable(),
    tokensOut: z.number().nullable(),
    costTokens: z.number().nullable(),
    chargedTokens: z.number().nullable(),
    latencyMs: z.number().nullable(),
    analysisId: z.string().nullable(),
    documentId: z.string().nullable(),
    ledgerEntryId: z.string().nullable(),
    error: z.string().nullable(),
  })
  .strict();
export type ModelCall = z.infer<typeof modelCallSchema>;

/** One page of the trail, newest first, with its pagination envelope. */
export const trailPageSchema = z
  .object({
    data: z.array(modelCallSchema),
    pagination: z.object({ page: z.number().int(), pageSize: z.number().int(), total: z.number().int() }).strict(),
  })
  .strict();
export type TrailPage = z.infer<typeof trailPageSchema>;
