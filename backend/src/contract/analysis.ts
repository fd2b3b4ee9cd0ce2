/**
 * The analysis shapes the backend stores and serves and every client reads, written once (STYLE.md §15):
 * only zod schemas and their inferred types, no imports from the rest of the backend, so `api-client` can
 * take the types with a type-only import and a field added here is a compile error in every client.
 */
import { z } from 'zod';

/** Where a claim's evidence is: a passage given to the model ([P1]) or a cell of the selection ([B2]). */
export const claimSourceSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('passage'), citation: z.string(), documentId: z.string(), page: z.number().int().nullable() }).strict(),
  /** Sheet-qualified: "Sales!B2", or a range "Sales!B2:B7" for a figure computed from it. */
  z.object({ type: z.literal('cell'), address: z.string() }).strict(),
]);
export type ClaimSource = z.infer<typeof claimSourceSchema>;

export const claimVerdictSchema = z.enum(['supported', 'unsupported', 'unchecked']);
export type ClaimVerdict = z.infer<typeof claimVerdictSchema>;

/**
 * One sentence of the answer that states something, checked against what it cites:
 * - `supported`: every number and quote in it was found in a cited cell or passage, next to its subject;
 * - `unsupported`: something in it was not found there (`reason` says what);
 * - `unchecked`: it states nothing that can be checked (no number, no quote) and no model checked it.
 */
export const claimSchema = z
  .object({
    /** The sentence as it stands in the answer (markers included), so a client can find and mark it. */
    text: z.string(),
    verdict: claimVerdictSchema,
    sources: z.array(claimSourceSchema),
    /** One line a user can read: why it is unsupported, or which computation supports it. */
    reason: z.string().optional(),
    /** How the verdict was reached: by the deterministic checks, or by the model's second pass. */
    checkedBy: z.enum(['rules', 'model']).optional(),
  })
  .strict();
export type Claim = z.infer<typeof claimSchema>;

/** A cited passage as an analysis stores it. */
export const storedCitationSchema = z.object({
  id: z.string(),
  documentId: z.string(),
  documentName: z.string(),
  page: z.number().int().nullable(),
  location: z.string(),
  quote: z.string(),
  /** The quote was read by OCR from a scanned page (absent in analyses stored before this was recorded). */
  ocr: z.boolean().optional(),
});
export type StoredCitation = z.infer<typeof storedCitationSchema>;

/** A cited passage as clients receive it: with a signed download link and the stable app link. */
export const citationSchema = storedCitationSchema.extend({
  ocr: z.boolean(),
  /** Signed, expiring download link (opens the cited page for PDFs). */
  url: z.string(),
  /** Stable link `<PUBLIC_URL>/d/<documentId>?page=N`: never expires, asks the user to sign in. */
  appUrl: z.string(),
});
export type Citation = z.infer<typeof citationSchema>;

/** A passage given to the model, cited or not ("what was read"). */
export const readPassageSchema = z.object({
  id: z.string(),
  documentId: z.string(),
  documentName: z.string(),
  page: z.number().int().nullable(),
  location: z.string(),
  url: z.string(),
  appUrl: z.string(),
});
export type ReadPassage = z.infer<typeof readPassageSchema>;

/**
 * What a run would cost, before it runs (`POST /analyses/quote`, same body as creating an analysis).
 * `estimatedTokens` is the expected charge; `low`..`high` the range the settled charge should fall in
 * (the reservation holds `high`); `balanceAfter` is the available balance minus `estimatedTokens`.
 */
export const quoteBasisSchema = z
  .object({
    model: z.string(),
    /** The local analyst: priced by the cells it reads, so low = estimate = high. */
    local: z.boolean(),
    intent: z.string(),
    cells: z.number().int(),
    passages: z.number().int(),
    /** Prompt tokens counted with the real tokenizer over the messages the model would be sent. */
    promptTokens: z.number().int(),
    /** Output tokens expected, and the range, from settled runs of this model and intent (or the default). */
    outputTokens: z.number().int(),
    outputLow: z.number().int(),
    outputHigh: z.number().int(),
    /** Where the output prediction came from: this user's and everyone's settled runs, or the default when too few. */
    outputFrom: z.enum(['history', 'default', 'none']),
    samples: z.number().int(),
    /** Ledger tokens per 1,000 model tokens in and out (the local analyst: per 1,000 cells plus a base). */
    price: z.object({ input: z.number(), output: z.number(), base: z.number().optional() }),
    /** A cached answer to the same request would be repeated: it costs nothing. */
    cached: z.boolean().optional(),
  })
  .strict();
export type QuoteBasis = z.infer<typeof quoteBasisSchema>;

export const analysisQuoteSchema = z
  .object({
    estimatedTokens: z.number().int(),
    low: z.number().int(),
    high: z.number().int(),
    /** Available balance (after other holds) minus `estimatedTokens`; negative when it would not cover it. */
    balanceAfter: z.number().int(),
    /** The available balance covers `high`: a run will not be refused for a short balance. */
    covered: z.boolean(),
    basis: quoteBasisSchema,
  })
  .strict();
export type AnalysisQuote = z.infer<typeof analysisQuoteSchema>;
