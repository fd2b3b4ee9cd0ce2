/**
 * Request validation: each route declares zod schemas for body, query and params; the parsed values reach
 * the handler typed (and on `ctx.input`). Handlers never read `ctx.request.body` themselves.
 */
import type { Context, Middleware, Next } from 'koa';
import { z } from 'zod';
import { validationError } from './errors.js';

interface Schemas {
  body?: z.ZodType;
  query?: z.ZodType;
  params?: z.ZodType;
}

type Out<S> = S extends z.ZodType ? z.output<S> : undefined;
export interface Input<S extends Schemas> {
  body: Out<S['body']>;
  query: Out<S['query']>;
  params: Out<S['params']>;
}

function parse(schema: z.ZodType | undefined, value: unknown, where: string): unknown {
  if (!schema) return undefined;
  const result = schema.safeParse(value);
  if (!result.success) throw validationError(result.error, where);
  return result.data;
}

/** Wraps a handler with validation: `validated({ body: schema }, async (ctx, { body }) => ...)`. */
export function validated<S extends Schemas>(
  schemas: S,
  handler: (ctx: Context, input: Input<S>) => Promise<void>,
): Middleware {
  return async function validatedHandler(ctx: Context, _next: Next): Promise<void> {
    const input = {
      body: parse(schemas.body, ctx.request.body ?? {}, 'body'),
      query: parse(schemas.query, ctx.query, 'query'),
      params: parse(schemas.params, ctx.params, 'params'),
    } as Input<S>;
    ctx.input = input;
    await handler(ctx, input);
  };
}

/** Shared pieces of request schemas. */
export const uuidParam = z.object({ id: z.string().uuid('must be a valid id') });
export const emailField = z
  .string({ error: 'is required' })
  .trim()
  .max(254, 'is too long')
  .email('must be an email address')
  .transform((v) => v.toLowerCase());
