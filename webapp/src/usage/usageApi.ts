/** Typed calls for GET /me/usage and its CSV export. */
import { api } from '../api';

export type Granularity = 'day' | 'week' | 'month';

export interface UsageRange {
  from?: string;
  to?: string;
  granularity: Granularity;
}

export interface UsagePoint {
  period: string;
  analysis: number;
  embedding: number;
  total: number;
}

export interface AnalysisUsage {
  id: string;
  createdAt: string;
  status: string;
  source: string;
  model: string;
  prompt: string;
  latencyMs: number | null;
  tokensIn: number | null;
  tokensOut: number | null;
  tokensCharged: number | null;
  cached: boolean;
  error: string | null;
}

export interface ActivityItem {
  id: string;
  action: string;
  target: string | null;
  ip: string | null;
  userAgent: string | null;
  at: string;
}

export interface Usage {
  range: { from: string; to: string; granularity: Granularity };
  totals: { tokens: number; byKind: { analysis: number; embedding: number }; analyses: number; succeeded: number; failed: number; cancelled: number };
  series: UsagePoint[];
  analyses: AnalysisUsage[];
  activity: ActivityItem[];
}

/** `from=…&to=…&granularity=…` without the parts left empty. */
export function rangeQuery(range: UsageRange): string {
  const params = new URLSearchParams();
  if (range.from) params.set('from', range.from);
  if (range.to) params.set('to', range.to);
  params.set('granularity', range.granularity);
  return params.toString();
}

/** A range of the last `days` days ending today (UTC). */
export function lastDays(days: number, granularity: Granularity = 'day'): UsageRange {
  const to = new Date();
  const from = new Date(to.getTime() - (days - 1) * 86_400_000);
  return { from: from.toISOString().slice(0, 10), to: to.toISOString().slice(0, 10), granularity };
}

export const getUsage = (range: UsageRange) => api.http.request<Usage>('GET', `/me/usage?${rangeQuery(range)}`);

/** Downloads the per-call token trail of the range as a CSV file. */
export async function downloadUsageCsv(range: UsageRange): Promise<void> {
  const res = await api.http.raw('GET', `/me/usage.csv?${rangeQuery(range)}`);
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? 'intellio-usage.csv';
  document.body.append(a);
  a.click();
  a.remove();
  URL.revokeObjectURL(url);
}
