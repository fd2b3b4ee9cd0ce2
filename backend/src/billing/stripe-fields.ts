/** Reading Stripe objects: fields vary by API version (and may be expanded objects), so they are read defensively. */
import { AppError } from '../http/errors.js';
import { LAST_DAY } from '../monitoring/range.js';
export type Obj = Record<string, unknown>;

/** `get(o, 'parent.subscription_details.subscription')`. */
export function get(o: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((node, key) => (node && typeof node === 'object' ? (node as Obj)[key] : undefined), o);
}

/** A non-empty string, or the id of an expanded object. */
export function str(o: unknown, path: string): string | null {
  const v = get(o, path);
  if (typeof v === 'string' && v) return v;
  const nested = v && typeof v === 'object' ? (v as Obj).id : undefined;
  return typeof nested === 'string' ? nested : null;
}

/** A finite number (or a digit string, as our metadata values are). */
export function num(o: unknown, path: string): number | null {
  const v = get(o, path);
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  return typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : null;
}

/** A verified event as the handlers see it. */
export interface EventInfo {
  id: string;
  type: string;
  /** Unix seconds. */
  created: number;
  object: Obj;
}

/** The largest value of the INTEGER columns Stripe amounts are stored in. */
const MAX_INT4 = 2_147_483_647;
/** The last second a Stripe timestamp may name (the date bounds the API uses everywhere). */
export const MAX_UNIX_SECONDS = Date.parse(`${LAST_DAY}T23:59:59Z`) / 1000;

/**
 * A whole, non-negative Stripe integer field (an amount in minor units, a count), or null when absent.
 * Stripe only sends such integers, so anything else (1.5, -1, 1e308, "abc") is a malformed event: a 400,
 * not a database error. `max` is what the column takes.
 */
export function wholeNumber(o: unknown, path: string, max = MAX_INT4): number | null {
  const v = get(o, path);
  if (v === undefined || v === null) return null;
  if (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 && v <= max) return v;
  const message = `must be a whole number from 0 to ${max}`;
  throw new AppError(400, 'validation', `event.data.object.${path}: ${message}`, [{ path: `event.data.object.${path}`, message, code: 'custom' }]);
}

/** Our own metadata count (a digit string we wrote): a safe whole number, or null for anything else. */
export function metadataCount(o: unknown, path: string): number | null {
  const n = num(o, path);
  return n !== null && Number.isSafeInteger(n) && n >= 0 ? n : null;
}
