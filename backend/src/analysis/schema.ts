import { z } from 'zod';
import type { Config } from '../config.js';
import { parseA1, spanAddress, type A1Range } from './a1.js';

const id = z.string({ error: 'is required' }).uuid('must be a valid id');
const cell = z.union([z.string().max(10_000, 'must be at most 10000 characters'), z.number(), z.boolean(), z.null()], {
  error: 'must be a string, number, boolean or null',
});

export const rangeSchema = z
  .object({
    address: z.string({ error: 'is required' }).trim().min(1, 'is required').max(300, 'is too long'),
    values: z.array(z.array(cell, { error: 'must be an array of cells' }), { error: 'must be an array of rows' }).min(1, 'must have at least one row'),
    headers: z.array(z.string().max(500, 'must be at most 500 characters'), { error: 'must be an array of strings' }).optional(),
  })
  .strict()
  .superRefine((r, ctx) => {
    const width = r.values[0]?.length ?? 0;
    if (width === 0) ctx.addIssue({ code: 'custom', path: ['values', 0], message: 'must have at least one cell' });
    r.values.forEach((row, i) => {
      if (row.length !== width) ctx.addIssue({ code: 'custom', path: ['values', i], message: `has ${row.length} cells but row 0 has ${width} (rows must all be the same length)` });
    });
    const a1 = parseA1(r.address);
    if (!a1) {
      ctx.addIssue({ code: 'custom', path: ['address'], message: 'must be an A1 range such as B2:D9 or Sheet1!B2' });
      return;
    }
    if ((a1.rows !== r.values.length && !namesHeaderRow(r, a1)) || a1.cols !== width) {
      ctx.addIssue({ code: 'custom', path: ['values'], message: `is ${r.values.length}×${width} but ${r.address} is ${a1.rows}×${a1.cols}` });
    }
    if (r.headers && r.headers.length !== width) {
      ctx.addIssue({ code: 'custom', path: ['headers'], message: `has ${r.headers.length} names but the range has ${width} columns` });
    }
  })
  .transform(withoutHeaderRow);

interface RangeShape {
  address: string;
  values: unknown[][];
  headers?: string[];
}

/** Whether the address names one row more than the values: the header row above them, given as `headers`. */
function namesHeaderRow(r: RangeShape, a1: A1Range): boolean {
  return r.headers !== undefined && a1.rows === r.values.length + 1;
}

/**
 * The add-ins' "first row is headers" sends the selected range's address (A1:C3) with the rows below its
 * first (2 rows) and that first row as `headers`. The address is moved down to the rows the values are
 * from (A2:C3), so every cell is named where it is in the sheet.
 */
function withoutHeaderRow<R extends RangeShape>(r: R): R {
  const a1 = parseA1(r.address);
  if (!a1 || !namesHeaderRow(r, a1)) return r;
  const sheet = r.address.slice(0, r.address.lastIndexOf('!') + 1);
  return { ...r, address: `${sheet}${spanAddress(a1, 1, a1.rows - 1, 0, a1.cols - 1)}` };
}

export function selectionSchema(config: Config) {
  return z
    .object({
      workbook: z.string().trim().max(300, 'is too long').optional(),
      sheet: z.string({ error: 'is required' }).trim().min(1, 'is required').max(300, 'is too long'),
      ranges: z.array(rangeSchema, { error: 'must be an array of ranges' }).min(1, 'must have at least one range').max(50, 'must have at most 50 ranges'),
    })
    .strict()
    .superRefine((s, ctx) => {
      const cells = countCells(s.ranges);
      if (cells > config.analysis.maxCells) {
        ctx.addIssue({ code: 'custom', path: ['ranges'], message: `has ${cells} cells; the most one analysis takes is ${config.analysis.maxCells}` });
      }
    });
}

export type Selection = z.output<ReturnType<typeof selectionSchema>>;
export type SelectionRange = z.output<typeof rangeSchema>;

export function countCells(ranges: Array<{ values: unknown[][] }>): number {
  return ranges.reduce((n, r) => n + r.values.length * (r.values[0]?.length ?? 0), 0);
}

const prompt = z.string({ error: 'must be text' }).trim().max(4000, 'must be at most 4000 characters');

export function createAnalysisSchema(config: Config) {
  return z
    .object({
      projectId: id,
      source: z.enum(['web', 'excel', 'sheets'], { error: 'must be web, excel or sheets' }),
      selection: selectionSchema(config),
      prompt: prompt.default(''),
      refinedPrompt: prompt.min(1, 'must not be empty').optional(),
      templateId: id.optional(),
      /** Values of the template's own `{{name}}` placeholders (templates/variables.ts). */
      variables: z.record(z.string().regex(/^[\p{L}\p{N}_]+$/u, 'must be a variable name').max(64), z.string().max(1000, 'must be at most 1000 characters')).optional(),
      documentIds: z.array(id).max(100, 'must have at most 100 ids').optional(),
    })
    .strict()
    .refine((b) => b.prompt.length > 0 || b.templateId !== undefined, { path: ['prompt'], message: 'is required (or choose a template)' });
}
export type CreateAnalysisInput = z.output<ReturnType<typeof createAnalysisSchema>>;

export const listAnalysesQuery = z
  .object({
    projectId: id.optional(),
    // A UUID's exact shape: 36 dashes or hex in the wrong groups failed in the database (a 500).
    cursor: z.string().uuid('is not a valid cursor').optional(),
    limit: z.coerce.number({ error: 'must be a number' }).int('must be a whole number').min(1, 'must be ≥ 1').max(100, 'must be ≤ 100').default(20),
  })
  .strict();

// Blank text is no text: a blank correction stored as '' replaced the rated answer as the user's example.
const blankAsAbsent = (v: string | undefined) => (v ? v : undefined);

export const feedbackSchema = z
  .object({
    rating: z.enum(['up', 'down'], { error: 'must be up or down' }),
    comment: z.string().trim().max(2000, 'must be at most 2000 characters').optional().transform(blankAsAbsent),
    correctedAnswer: z.string().trim().max(20_000, 'must be at most 20000 characters').optional().transform(blankAsAbsent),
  })
  .strict();
export type FeedbackInput = z.output<typeof feedbackSchema>;
