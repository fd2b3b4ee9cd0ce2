/**
 * Grandfather-father-son retention: keep the newest backup of each of the last N days, M ISO weeks and
 * K months that have a backup (UTC); everything else is deleted. A pure function, so the policy is tested
 * over simulated months without waiting for them.
 */
export interface RetentionPolicy {
  daily: number;
  weekly: number;
  monthly: number;
}

export interface Dated {
  id: string;
  at: Date;
}

export interface RetentionPlan<T extends Dated> {
  keep: T[];
  remove: T[];
}

const dayKey = (d: Date) => d.toISOString().slice(0, 10);
const monthKey = (d: Date) => d.toISOString().slice(0, 7);

/** ISO-8601 week (`2026-W09`): weeks start on Monday; week 1 holds the year's first Thursday. */
export function isoWeekKey(d: Date): string {
  const t = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
  const dow = t.getUTCDay() || 7;
  t.setUTCDate(t.getUTCDate() + 4 - dow); // the Thursday of this week decides its year
  const yearStart = Date.UTC(t.getUTCFullYear(), 0, 1);
  const week = Math.ceil(((t.getTime() - yearStart) / 86_400_000 + 1) / 7);
  return `${t.getUTCFullYear()}-W${String(week).padStart(2, '0')}`;
}

/** Which backups to keep and which to delete. The newest backup is always kept. */
export function planRetention<T extends Dated>(backups: T[], policy: RetentionPolicy): RetentionPlan<T> {
  const newestFirst = [...backups].sort((a, b) => b.at.getTime() - a.at.getTime() || b.id.localeCompare(a.id));
  const keep = new Set<string>();
  if (newestFirst[0]) keep.add(newestFirst[0].id);
  const buckets: Array<[(d: Date) => string, number]> = [
    [dayKey, policy.daily],
    [isoWeekKey, policy.weekly],
    [monthKey, policy.monthly],
  ];
  for (const [keyOf, limit] of buckets) {
    const seen = new Set<string>();
    for (const b of newestFirst) {
      if (seen.size >= limit) break;
      const k = keyOf(b.at);
      if (seen.has(k)) continue;
      seen.add(k);
      keep.add(b.id); // the first seen in a period is its newest
    }
  }
  return {
    keep: newestFirst.filter((b) => keep.has(b.id)),
    remove: newestFirst.filter((b) => !keep.has(b.id)),
  };
}
