/**
 * Per-field validation messages in the reader's language, worded from the catalogue's `serverValidation`
 * by zod issue code and its parameters (minimum, format, allowed values…). The issue's `code` and `path`
 * stay as zod gives them, so clients keep matching on them whatever the language.
 *
 * zod 4 ranks a schema's own message above a per-parse error map, and our schemas carry English ones
 * ('is required', 'must be an email address'). So English keeps those (they say more than a message per
 * code can); any other language rewords every issue from its code and parameters, which zod reports the
 * same whichever message won.
 */
import type { z } from 'zod';
import { hasMessage, localeOf, translator, type Language } from './localize.js';

/** The parts of a zod issue (raw or finalised) that its wording depends on. */
export interface IssueFacts {
  code: string;
  input?: unknown;
  expected?: string;
  origin?: string;
  minimum?: number | bigint;
  maximum?: number | bigint;
  inclusive?: boolean;
  exact?: boolean;
  format?: string;
  values?: readonly unknown[];
  keys?: readonly string[];
  divisor?: number | bigint;
  params?: Record<string, unknown>;
}

const TYPES = new Set(['string', 'number', 'int', 'boolean', 'array', 'object', 'date']);
const FORMATS = new Set(['email', 'uuid', 'url', 'datetime', 'date']);
const SIZED = new Set(['string', 'array', 'number', 'date']);

/** The message of one issue in `language`, from its code and parameters alone. */
export function issueMessage(issue: IssueFacts, language: Language): string {
  // Keys are built from runtime codes, so they are looked up untyped (front ends type theirs).
  const t = translator(language) as unknown as (key: string, options?: Record<string, unknown>) => string;
  const locale = localeOf(language);
  const number = (n: number | bigint | undefined) => (n === undefined ? '' : n.toLocaleString(locale));
  const bound = (n: number | bigint | undefined) =>
    issue.origin === 'date' && typeof n === 'number' ? new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(n) : number(n);
  const literal = (v: unknown) => (typeof v === 'string' ? v : String(v));

  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return t('serverValidation.required');
      return t(`serverValidation.type.${TYPES.has(issue.expected ?? '') ? issue.expected : 'other'}`);
    case 'too_small':
    case 'too_big': {
      const small = issue.code === 'too_small';
      const limit = small ? issue.minimum : issue.maximum;
      const origin = issue.origin ?? '';
      if (issue.exact && (origin === 'string' || origin === 'array')) return t(`serverValidation.exact.${origin}`, { length: number(limit) });
      // "At least 1 character" is how a schema says "not empty"; say that.
      if (small && origin === 'string' && Number(limit) === 1) return t('serverValidation.tooSmall.notEmpty');
      const group = small ? 'tooSmall' : 'tooBig';
      const kind = origin === 'number' && issue.inclusive === false ? 'numberExclusive' : SIZED.has(origin) || (!small && origin === 'file') ? origin : 'other';
      return t(`serverValidation.${group}.${kind}`, small ? { minimum: bound(limit) } : { maximum: bound(limit) });
    }
    case 'invalid_format':
      return t(`serverValidation.format.${FORMATS.has(issue.format ?? '') ? issue.format : 'other'}`);
    case 'invalid_value': {
      const values = (issue.values ?? []).map(literal);
      if (values.length === 1) return t('serverValidation.equals', { value: values[0] });
      const or = t('serverValidation.or');
      const list = values.length > 1 ? `${values.slice(0, -1).join(', ')}${or}${values[values.length - 1]}` : '';
      return t('serverValidation.oneOf', { values: list });
    }
    case 'unrecognized_keys':
      return t('serverValidation.unknownKeys', { keys: (issue.keys ?? []).join(', ') });
    case 'not_multiple_of':
      return t('serverValidation.multipleOf', { divisor: number(issue.divisor) });
    case 'custom': {
      // A refinement names its sentence with `params: { i18n: 'key' }` under serverValidation.custom.
      const key = typeof issue.params?.i18n === 'string' ? `serverValidation.custom.${issue.params.i18n}` : null;
      return key && hasMessage(key) ? t(key) : t('serverValidation.invalid');
    }
    default:
      return t('serverValidation.invalid');
  }
}

/**
 * A zod error map in `language`, for `schema.safeParse(value, { error })`: it words the issues whose
 * schema gave no message of its own.
 */
export function errorMap(language: Language): z.core.$ZodErrorMap {
  return (issue) => issueMessage(issue as IssueFacts, language);
}
