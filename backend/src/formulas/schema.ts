import { z } from 'zod';

/** The most items one request carries: a sheet recalculating many cells at once sends them together. */
export const MAX_ITEMS = 200;
/** The most cells one item's range may hold. */
export const MAX_ITEM_CELLS = 10_000;

const cell = z.union([z.string().max(10_000, 'must be at most 10000 characters'), z.number(), z.boolean(), z.null()], {
  error: 'must be a string, number, boolean or null',
});

/**
 * The cells an item's computations read: an ASK item is read as a rectangle, every row as wide as the widest
 * (service.ts), so a wide first row over many short (or empty) rows counts as rows × widest, not as the
 * cells sent; a FILL item computes each row on its own.
 */
export function itemCells(it: { mode: 'ask' | 'fill'; values: unknown[][] }): number {
  if (it.mode === 'fill') return it.values.reduce((n, row) => n + row.length, 0);
  return Math.max(1, it.values.length) * Math.max(1, ...it.values.map((row) => row.length));
}

const item = z
  .object({
    prompt: z.string({ error: 'must be text' }).trim().min(1, 'is required').max(4000, 'must be at most 4000 characters'),
    values: z.array(z.array(cell, { error: 'must be an array of cells' }), { error: 'must be an array of rows' }).max(MAX_ITEM_CELLS, `must have at most ${MAX_ITEM_CELLS} rows`).default([]),
    address: z.string().trim().max(300, 'is too long').optional(),
    sheet: z.string().trim().max(300, 'is too long').optional(),
    mode: z.enum(['ask', 'fill'], { error: 'must be ask or fill' }).default('ask'),
  })
  .strict()
  .superRefine((it, ctx) => {
    const cells = itemCells(it);
    if (cells > MAX_ITEM_CELLS) ctx.addIssue({ code: 'custom', path: ['values'], message: `has ${cells} cells; the most one formula takes is ${MAX_ITEM_CELLS}` });
    if (it.mode === 'fill' && it.values.length === 0) ctx.addIssue({ code: 'custom', path: ['values'], message: 'must have at least one row to fill' });
  });

export const formulasSchema = z
  .object({
    projectId: z.string().uuid('must be a valid id').optional(),
    workbookId: z.string().trim().min(1, 'is required').max(300, 'is too long').optional(),
    refresh: z.boolean({ error: 'must be true or false' }).default(false),
    items: z.array(item, { error: 'must be an array of items' }).min(1, 'must have at least one item').max(MAX_ITEMS, `must have at most ${MAX_ITEMS} items`),
  })
  .strict();
export type FormulasInput = z.output<typeof formulasSchema>;
export type FormulaItem = FormulasInput['items'][number];

export const workbookParams = z.object({ workbookId: z.string().trim().min(1, 'is required').max(300, 'is too long') }).strict();

export const workbookCapSchema = z
  .object({
    monthlyTokenCap: z.number({ error: 'must be a whole number or null' }).int('must be a whole number').min(0, 'must be ≥ 0').max(1_000_000_000_000, 'is too large').nullable(),
  })
  .strict();
