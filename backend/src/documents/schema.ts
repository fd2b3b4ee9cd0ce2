import { z } from 'zod';

export const projectIdParam = z.object({ id: z.string().uuid('must be a valid id') });
export const tableQuery = z.object({ sheet: z.string().max(200).optional() });
/** Signed link parameters; their checking is in links.ts. */
export const fileLinkQuery = z.object({ u: z.string().max(100).optional(), e: z.string().max(20).optional(), s: z.string().max(200).optional() });
export const eventsQuery = z.object({ access_token: z.string().max(4000).optional() });
/** `GET /documents/:id/link?page=N`: the page a fresh signed link opens the PDF at. */
export const linkQuery = z.object({ page: z.coerce.number().int().min(1).max(100_000).optional() });
