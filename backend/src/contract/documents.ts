/**
 * A project document as the API serves it, written once (STYLE.md §15): only zod schemas and their inferred
 * types, no imports from the rest of the backend. Never its hash, storage key or owner.
 */
import { z } from 'zod';

export const documentStatusSchema = z.enum(['queued', 'processing', 'ready', 'failed']);
export type DocumentStatus = z.infer<typeof documentStatusSchema>;

export const documentKindSchema = z.enum(['pdf', 'docx', 'hwp', 'hwpx', 'xlsx', 'csv', 'txt', 'md']);
export type DocumentKind = z.infer<typeof documentKindSchema>;

/** How citations locate text: real pages, DOCX page breaks, heading sections, sheet ranges, rows, lines. */
export const locationKindSchema = z.enum(['page', 'page-break', 'section', 'sheet-range', 'rows', 'lines']);
export type LocationKind = z.infer<typeof locationKindSchema>;

export const projectDocumentSchema = z
  .object({
    id: z.string(),
    projectId: z.string(),
    filename: z.string(),
    mime: z.string(),
    kind: documentKindSchema,
    bytes: z.number(),
    pages: z.number().int().nullable(),
    locationKind: locationKindSchema.nullable(),
    status: documentStatusSchema,
    /** 0–100 while processing. */
    progress: z.number(),
    /** Why processing failed, in words a user can act on. */
    error: z.string().nullable(),
    chunkCount: z.number().int(),
    /** CSV/XLSX: rows holding data, header row included (null for other kinds, or read before this was counted). */
    rowCount: z.number().int().nullable(),
    /** Pages whose text came from OCR of a scan (their quotes may hold recognition errors). */
    ocrPages: z.number().int(),
    /** Which pages those are, ascending (empty for documents read before this was recorded). */
    ocrPageNumbers: z.array(z.number().int()),
    createdAt: z.string(),
    /** Changes with every status or progress change: clients keep the newer of two versions they receive. */
    updatedAt: z.string(),
    processedAt: z.string().nullable(),
  })
  .strict();
export type ProjectDocument = z.infer<typeof projectDocumentSchema>;
