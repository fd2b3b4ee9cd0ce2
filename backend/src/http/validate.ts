/**
 * Request validation: each route declares zod schemas for body, query and params; the parsed values reach
 * the handler typed (and on `ctx.input`). Handlers never read `ctx.request.body` themselves.
 */
import type { Context, Middleware, Next } from 'koa';
import { z } from 'zod';
import { AppError } from './errors.js';
import { errorMap, issueMessage, type IssueFacts } from './issue-messages.js';
import { markLocalized, requestLanguage, translator, type Language } from './localize.js';

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

/**
 * PostgreSQL text cannot hold NUL, and UTF-8 cannot encode a lone UTF-16 surrogate: either one reaching
 * SQL is a 500 (`invalid byte sequence for encoding "UTF8"`). Checked here, once, for every string and
 * object key of every validated input, so no schema can forget it.
 */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

type TextProblem = 'nul' | 'surrogate' | 'keyNul' | 'keySurrogate';

function badText(value: string): 'nul' | 'surrogate' | null {
  if (value.includes('\u0000')) return 'nul';
  if (LONE_SURROGATE.test(value)) return 'surrogate';
  return null;
}

/** The path and reason of the first string (or key) in `value` that the database could not store. */
export function findUnstorableText(value: unknown, path: Array<string | number> = [], depth = 0): { path: Array<string | number>; problem: TextProblem } | null {
  if (typeof value === 'string') {
    const problem = badText(value);
    return problem ? { path, problem } : null;
  }
  // Parsed JSON and query strings are shallow; the bound only guards against pathological nesting.
  if (value === null || typeof value !== 'object' || depth > 64) return null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i += 1) {
      const found = findUnstorableText(value[i], [...path, i], depth + 1);
      if (found) return found;
    }
    return null;
  }
  for (const [key, item] of Object.entries(value)) {
    const keyProblem = badText(key);
    if (keyProblem) return { path: [...path, JSON.stringify(key)], problem: keyProblem === 'nul' ? 'keyNul' : 'keySurrogate' };
    const found = findUnstorableText(item, [...path, key], depth + 1);
    if (found) return found;
  }
  return null;
}

/**
 * The 400 for a request's issues, worded in `language`: "path: message" for the first, every issue in
 * details as { path, message, code } (never the input, which may be a password).
 */
function invalid(issues: Array<{ path: string; message: string; code: string }>, language: Language): AppError {
  const first = issues[0];
  return markLocalized(new AppError(400, 'validation', first ? `${first.path}: ${first.message}` : translator(language)('serverValidation.invalid'), issues), language);
}

function parse(schema: z.ZodType | undefined, value: unknown, where: string, language: Language): unknown {
  if (!schema) return undefined;
  const unstorable = findUnstorableText(value);
  if (unstorable) {
    const path = [where, ...unstorable.path].join('.');
    throw invalid([{ path, message: translator(language)(`serverValidation.text.${unstorable.problem}`), code: 'invalid_text' }], language);
  }
  // English keeps a schema's own message; other languages reword every issue, which needs its input.
  const english = language === 'en';
  const result = schema.safeParse(value, { error: errorMap(language), reportInput: !english });
  if (!result.success) {
    throw invalid(
      result.error.issues.map((i) => ({ path: [where, ...i.path].join('.'), message: english ? i.message : issueMessage(i as IssueFacts, language), code: i.code })),
      language,
    );
  }
  return result.data;
}

/** Wraps a handler with validation: `validated({ body: schema }, async (ctx, { body }) => ...)`. */
export function validated<S extends Schemas>(
  schemas: S,
  handler: (ctx: Context, input: Input<S>) => Promise<void>,
): Middleware {
  return async function validatedHandler(ctx: Context, _next: Next): Promise<void> {
    const language = requestLanguage(ctx);
    const input = {
      body: parse(schemas.body, ctx.request.body ?? {}, 'body', language),
      query: parse(schemas.query, ctx.query, 'query', language),
      params: parse(schemas.params, ctx.params, 'params', language),
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
