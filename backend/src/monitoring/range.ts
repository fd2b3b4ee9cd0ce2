/**
 * Date ranges and periods for usage and statistics: whole UTC days, `from` and `to` inclusive, bucketed by
 * day, ISO week (Monday) or month. SQL buckets come back as 'YYYY-MM-DD' text, never as a timestamp that a
 * driver could shift into local time.
 */
import { z } from 'zod';

export type Granularity = 'day' | 'week' | 'month';

export interface DayRange {
  /** First day, 00:00 UTC. */
  from: Date;
  /** The day after the last day, 00:00 UTC (exclusive). */
  end: Date;
  granularity: Granularity;
}

const DAY_MS = 86_400_000;
const MAX_DAYS = 731;

export const isoDay = (d: Date) => d.toISOString().slice(0, 10);

function startOfDay(d: Date): Date {
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
}

/** The start of the period `d` falls in. */
export function periodStart(d: Date, granularity: Granularity): Date {
  const day = startOfDay(d);
  if (granularity === 'week') return new Date(day.getTime() - ((day.getUTCDay() + 6) % 7) * DAY_MS);
  if (granularity === 'month') return new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), 1));
  return day;
}

/** Every period label of the range, in order, so charts show empty periods as zero. */
export function periodsOf(range: DayRange): string[] {
  const out: string[] = [];
  for (let p = periodStart(range.from, range.granularity); p < range.end; ) {
    out.push(isoDay(p));
    p = range.granularity === 'month' ? new Date(Date.UTC(p.getUTCFullYear(), p.getUTCMonth() + 1, 1)) : new Date(p.getTime() + (range.granularity === 'week' ? 7 : 1) * DAY_MS);
  }
  return out;
}

/** SQL for the period label of a timestamp column (granularity is one of three literals, never user text). */
export function periodSql(column: string, granularity: Granularity): string {
  return `to_char(date_trunc('${granularity}', ${column} AT TIME ZONE 'UTC'), 'YYYY-MM-DD')`;
}

/**
 * The dates a query may name. Outside them the database refuses the value (year 0, negative years, and an
 * exclusive end of 9999-12-31 falls in year 10000, which ISO text and PostgreSQL's parser do not take), and
 * nothing this service records can lie there anyway.
 */
export const FIRST_DAY = '1970-01-01';
export const LAST_DAY = '9998-12-31';
export const DAY_BOUNDS_MESSAGE = `must be between ${FIRST_DAY} and ${LAST_DAY}`;

const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date such as 2026-01-31')
  .refine((v) => !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && isoDay(new Date(`${v}T00:00:00Z`)) === v, 'is not a real date')
  // Same-length ISO days compare as text.
  .refine((v) => v >= FIRST_DAY && v <= LAST_DAY, DAY_BOUNDS_MESSAGE);

/** `?from&to&granularity`: defaults to the last `defaultDays` days by day; at most two years. */
export function rangeQuery(defaultDays: number) {
  return z
    .object({
      from: day.optional(),
      to: day.optional(),
      granularity: z.enum(['day', 'week', 'month'], { error: 'must be day, week or month' }).default('day'),
    })
    .transform((q) => {
      const last = q.to ? new Date(`${q.to}T00:00:00Z`) : startOfDay(new Date());
      const from = q.from ? new Date(`${q.from}T00:00:00Z`) : new Date(last.getTime() - (defaultDays - 1) * DAY_MS);
      return { from, end: new Date(last.getTime() + DAY_MS), granularity: q.granularity } satisfies DayRange;
    })
    .refine((r) => r.from < r.end, { message: 'from must not be after to', path: ['from'] })
    .refine((r) => r.end.getTime() - r.from.getTime() <= MAX_DAYS * DAY_MS, { message: `the range may span at most ${MAX_DAYS} days`, path: ['from'] });
}

/** The range as the API reports it (inclusive last day). */
export function presentRange(r: DayRange) {
  return { from: isoDay(r.from), to: isoDay(new Date(r.end.getTime() - DAY_MS)), granularity: r.granularity };
}
