/** Reading Stripe objects: fields vary by API version (and may be expanded objects), so they are read defensively. */
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
