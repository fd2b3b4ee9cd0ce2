/**
 * Every error leaves the API as `{ error: { code, message, details } }` with the right status, turned into
 * that shape in exactly one place (`errorHandler`). Services throw AppError; nothing else shapes errors.
 */
import type { Context, Next } from 'koa';
import { ZodError } from 'zod';
import { localizedDetails, localizedMessage, requestLanguage } from './localize.js';

export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const badRequest = (message: string, details?: unknown) => new AppError(400, 'bad_request', message, details);
export const unauthorized = (message = 'Authentication required.', code = 'unauthorized') =>
  new AppError(401, code, message);
export const forbidden = (message = 'You are not allowed to do that.') => new AppError(403, 'forbidden', message);
/** A missing record and another user's record look the same from outside. */
export const notFound = (what = 'Resource') => new AppError(404, 'not_found', `${what} not found.`);
export const conflict = (code: string, message: string) => new AppError(409, code, message);
export const tooManyRequests = (retryAfterSeconds: number) =>
  new AppError(429, 'rate_limited', `Too many attempts. Try again in ${retryAfterSeconds} seconds.`, undefined, {
    'Retry-After': String(retryAfterSeconds),
  });

/** Formats a zod error as "path: message" for its first issue; all issues go in details. */
export function validationError(err: ZodError, where: string): AppError {
  const issues = err.issues.map((i) => ({ path: [where, ...i.path].join('.'), message: i.message, code: i.code }));
  const first = issues[0];
  return new AppError(400, 'validation', first ? `${first.path}: ${first.message}` : 'Invalid request.', issues);
}

interface HttpishError {
  status?: number;
  statusCode?: number;
  type?: string;
  expose?: boolean;
  message?: string;
  headers?: Record<string, string>;
}

/** Maps errors thrown by Koa, the body parser and the access-token check to API errors; anything else is a 500. */
function toAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  if (err instanceof ZodError) return validationError(err, 'body');
  const e = (err ?? {}) as HttpishError;
  const status = e.status ?? e.statusCode;
  if (e.type === 'entity.too.large' || status === 413) {
    return new AppError(413, 'payload_too_large', 'The request body is too large.');
  }
  if (e.type === 'entity.parse.failed' || (err instanceof SyntaxError && status === 400)) return new AppError(400, 'invalid_json', 'The request body is not valid JSON.');
  if (e.type === 'encoding.unsupported' || status === 415) {
    return new AppError(415, 'unsupported_media_type', 'Unsupported content type or encoding.');
  }
  if (status === 405) return new AppError(405, 'method_not_allowed', 'This method is not allowed on this path.');
  if (status === 501) return methodNotImplemented();
  if (status === 401) return unauthorized('Your session is missing or has expired. Sign in again.');
  if (status && status >= 400 && status < 500) {
    return new AppError(status, 'bad_request', e.expose && e.message ? e.message : 'Bad request.');
  }
  return new AppError(500, 'internal', 'Something went wrong on our side. It has been logged.');
}

/** Top of the middleware chain: catches everything below and writes the one JSON error shape. */
export function errorHandler() {
  return async function errorHandlerMiddleware(ctx: Context, next: Next): Promise<void> {
    try {
      await next();
    } catch (err) {
      const appError = toAppError(err);
      // A 501 is a method the client made up, not a fault of ours.
      if (appError.status >= 500 && appError.status !== 501) ctx.state.log?.error({ err }, 'request failed');
      ctx.status = appError.status;
      for (const [k, v] of Object.entries(appError.headers)) ctx.set(k, v);
      // The message in the reader's language; the code stays the same in every language.
      const language = requestLanguage(ctx);
      ctx.set('Content-Language', language);
      ctx.vary('Accept-Language');
      ctx.body = {
        error: { code: appError.code, message: localizedMessage(appError, language), details: localizedDetails(appError, language) },
      };
    }
  };
}

/**
 * A method no route anywhere answers (PROPFIND, PURGE, M-SEARCH…): 501, as RFC 9110 has it, rather than 405,
 * which is for a method the server knows but the path does not allow.
 */
function methodNotImplemented(method?: string): AppError {
  return new AppError(501, 'not_implemented', method ? `${method} is not a method this API supports.` : 'This method is not supported.');
}

/**
 * The JSON body parser's failure as an API error. One without a status is the decompressor refusing the bytes
 * (zlib and brotli errors such as Z_DATA_ERROR carry none): the client's malformed body, so a 400 with the
 * code bad JSON gets. The rest of that body is discarded, so the keep-alive connection stays usable.
 */
export function bodyParseError(err: unknown, req: { resume(): unknown }): unknown {
  const e = (err ?? {}) as HttpishError;
  if (e.status ?? e.statusCode) return err;
  req.resume();
  return new AppError(400, 'invalid_json', 'The request body could not be decompressed as its Content-Encoding says.');
}

/**
 * Unmatched /api paths answer a JSON 404 instead of falling through to the web app; the router's 405 and 501
 * (which it leaves bodiless, with an Allow header) get the JSON shape too.
 */
export function apiNotFound() {
  return async function apiNotFoundMiddleware(ctx: Context, next: Next): Promise<void> {
    await next();
    if (ctx.body != null || !ctx.path.startsWith('/api/')) return;
    if (ctx.status === 404) throw new AppError(404, 'not_found', `No route for ${ctx.method} ${ctx.path}.`);
    if (ctx.status === 405) {
      // RFC 9110: a 405 names the methods the path does allow.
      const allow = ctx.response.get('Allow');
      throw new AppError(405, 'method_not_allowed', `${ctx.method} is not allowed on this path (allowed: ${allow}).`, undefined, { Allow: allow });
    }
    if (ctx.status === 501) throw methodNotImplemented(ctx.method);
  };
}
