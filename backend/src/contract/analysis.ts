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
