import { ApiError } from '@intellio/api-client';

export type FieldErrors<F extends string> = Partial<Record<F, string>>;

export interface DescribedError<F extends string> {
  /** Messages to show under individual fields. */
  fields: FieldErrors<F>;
  /** A message for the form's MessageBar, when the problem is not about one field (or no field matched). */
  message: string | null;
}

/** Errors whose code says which field is wrong even though the API sends no details for them. */
const CODE_FIELDS: Record<string, { field: string; message: string }> = {
  email_taken: { field: 'email', message: 'An account with this email already exists.' },
};

interface DetailLike {
  path?: unknown;
  message?: unknown;
}

/** "must be at least 10 characters" → "Must be at least 10 characters." */
function sentence(text: string): string {
  const trimmed = text.trim();
  if (!trimmed) return trimmed;
  const capitalised = trimmed[0].toUpperCase() + trimmed.slice(1);
  return /[.!?]$/.test(capitalised) ? capitalised : `${capitalised}.`;
}

/**
 * Turns whatever a submit threw into messages for the form: the API's `details[].path` (e.g. `body.password`)
 * goes under the matching field, everything else into one readable sentence.
 */
export function describeError<F extends string>(error: unknown, fields: readonly F[]): DescribedError<F> {
  const known = new Set<string>(fields);
  if (!(error instanceof ApiError)) {
    const offline = error instanceof TypeError;
    return {
      fields: {},
      message: offline
        ? 'Cannot reach Intellio. Check your connection and try again.'
        : 'Something went wrong. Please try again.',
    };
  }
  const byCode = CODE_FIELDS[error.code];
  if (byCode && known.has(byCode.field)) {
    return { fields: { [byCode.field]: byCode.message } as FieldErrors<F>, message: null };
  }
  const found: FieldErrors<F> = {};
  const details: DetailLike[] = Array.isArray(error.details) ? (error.details as DetailLike[]) : [];
  for (const detail of details) {
    if (typeof detail.path !== 'string' || typeof detail.message !== 'string') continue;
    const field = detail.path.replace(/^body\./, '');
    if (known.has(field) && !found[field as F]) found[field as F] = sentence(detail.message);
  }
  if (Object.keys(found).length > 0) return { fields: found, message: null };
  // Some validation errors carry only a message ("body.newPassword: must not be your email address").
  const match = /^body\.([\w.]+): (.+)$/.exec(error.message);
  if (match && known.has(match[1])) {
    return { fields: { [match[1]]: sentence(match[2]) } as FieldErrors<F>, message: null };
  }
  return { fields: {}, message: error.status >= 500 ? 'Something went wrong on our side. Please try again in a moment.' : error.message };
}
