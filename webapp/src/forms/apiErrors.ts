import { ApiError } from '@intellio/api-client';
import { getI18n } from 'react-i18next';

export type FieldErrors<F extends string> = Partial<Record<F, string>>;

export interface DescribedError<F extends string> {
  /** Messages to show under individual fields. */
  fields: FieldErrors<F>;
  /** A message for the form's MessageBar, when the problem is not about one field (or no field matched). */
  message: string | null;
}

/** Errors whose code says which field is wrong even though the API sends no details for them. */
const CODE_FIELDS: Record<string, string> = {
  email_taken: 'email',
  wrong_signup_password: 'password',
};

interface DetailLike {
  path?: unknown;
  message?: unknown;
}

/** Whether the catalogue has a key, so an unknown code or field falls back instead of showing the key. */
function known(key: string): boolean {
  return getI18n().exists(key);
}

/**
 * The sentence for an API error's code in the active language, or null when the catalogue has none. The
 * error's details (e.g. `{ needed, available }`) fill the sentence's placeholders.
 */
function codeMessage(error: ApiError): string | null {
  const key = `apiErrors.codes.${error.code}`;
  if (!known(key)) return null;
  const values = error.details && typeof error.details === 'object' && !Array.isArray(error.details) ? (error.details as Record<string, unknown>) : {};
  return getI18n().t(key as 'apiErrors.codes.forbidden', values);
}

/** The sentence for a field's error, when the catalogue words it (full sentences, never a fragment). */
function fieldMessage(field: string): string | null {
  const key = `apiErrors.fields.${field}`;
  return known(key) ? getI18n().t(key as 'apiErrors.fields.currentPassword') : null;
}

/** "must be at least 10 characters" → "Must be at least 10 characters." */
function sentence(text: string): string {
  const trimmed = text.trim();
  if (!trimmed) return trimmed;
  const capitalised = trimmed[0].toUpperCase() + trimmed.slice(1);
  return /[.!?。]$/.test(capitalised) ? capitalised : `${capitalised}.`;
}

/**
 * One sentence for any failure, in the active language: our own wording for the API's stable error codes,
 * the server's message (localised by Accept-Language) for a code we do not know, and what to do when the
 * server cannot be reached or failed.
 */
export function errorMessage(error: unknown): string {
  const { t } = getI18n();
  if (!(error instanceof ApiError)) return error instanceof TypeError ? t('apiErrors.offline') : t('apiErrors.unknown');
  if (error.status === 0) return error.message || t('apiErrors.offline');
  const worded = codeMessage(error);
  if (worded) return worded;
  return error.status >= 500 ? t('apiErrors.server') : error.message || t('apiErrors.unknown');
}

/**
 * Turns whatever a submit threw into messages for the form: the API's `details[].path` (e.g. `body.password`)
 * goes under the matching field, everything else into one readable sentence.
 */
export function describeError<F extends string>(error: unknown, fields: readonly F[]): DescribedError<F> {
  const wanted = new Set<string>(fields);
  if (!(error instanceof ApiError)) return { fields: {}, message: errorMessage(error) };
  const byCode = CODE_FIELDS[error.code];
  if (byCode && wanted.has(byCode)) {
    return { fields: { [byCode]: errorMessage(error) } as FieldErrors<F>, message: null };
  }
  const found: FieldErrors<F> = {};
  const details: DetailLike[] = Array.isArray(error.details) ? (error.details as DetailLike[]) : [];
  for (const detail of details) {
    if (typeof detail.path !== 'string' || typeof detail.message !== 'string') continue;
    const field = detail.path.replace(/^body\./, '');
    if (wanted.has(field) && !found[field as F]) found[field as F] = fieldMessage(field) ?? sentence(detail.message);
  }
  if (Object.keys(found).length > 0) return { fields: found, message: null };
  // Some validation errors carry only a message ("body.newPassword: must not be your email address").
  const match = /^body\.([\w.]+): (.+)$/.exec(error.message);
  if (match && wanted.has(match[1])) {
    return { fields: { [match[1]]: fieldMessage(match[1]) ?? sentence(match[2]) } as FieldErrors<F>, message: null };
  }
  return { fields: {}, message: errorMessage(error) };
}
