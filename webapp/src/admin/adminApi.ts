/** Typed calls for the admin API: statistics, users, backups. */
import type { LedgerEntry } from '@intellio/api-client';
import { api } from '../api';
import type { AnalysisUsage, ActivityItem, UsagePoint } from '../usage/usageApi';

export interface StatsPoint {
  period: string;
  tokens: number;
  analysisTokens: number;
  embeddingTokens: number;
  analyses: number;
  succeeded: number;
  failed: number;
  cancelled: number;
  revenueCents: number;
  errorRate: number | null;
}

export interface AdminStats {
  range: { from: string; to: string; granularity: string };
  generatedAt: string;
  users: { total: number; disabled: number; admins: number; active1d: number; active7d: number; active30d: number };
  totals: {
    tokens: number;
    analysisTokens: number;
    embeddingTokens: number;
    analyses: number;
    failed: number;
    errorRate: number | null;
    p95LatencyMs: number | null;
    avgLatencyMs: number | null;
    revenueCents: number;
  };
  series: StatsPoint[];
  /** Quote accuracy over the period's settled, quoted runs: median |settled − quoted| / settled and the share with high ≥ settled. */
  quotes: { runs: number; medianError: number | null; highCoverage: number | null };
  topUsers: Array<{ id: string; email: string; name: string; tier: string; tokens: number; analyses: number }>;
  live: { analysesRunning: number; tokensToday: number };
  /** The billing currency revenue is counted in (its smallest unit: cents for usd, won for krw). */
  currency: string;
}

export interface AdminUser {
  id: string;
  email: string;
  name: string;
  role: string;
  tier: string;
  status: 'active' | 'disabled';
  balance: number;
  tokens30d: number;
  analyses: number;
  lastActiveAt: string | null;
  createdAt: string;
}

export type UserSort = 'email' | 'name' | 'createdAt' | 'lastActive' | 'tokens30d' | 'analyses' | 'balance' | 'tier';

export interface UsersQuery {
  q: string;
  status: 'all' | 'active' | 'disabled';
  sort: UserSort;
  order: 'asc' | 'desc';
  page: number;
  pageSize: number;
}

/** A ledger line as the admin user view shows it: the server's ledger entry. */
export type LedgerLine = LedgerEntry;

export interface UserDetail {
  user: AdminUser;
  usage: { series: UsagePoint[]; analyses: AnalysisUsage[]; activity: ActivityItem[]; totals: { tokens: number; analyses: number; failed: number } };
  ledger: LedgerLine[];
}

export interface Backup {
  id: string;
  status: string;
  trigger: string;
  startedAt: string;
  finishedAt: string | null;
  durationMs: number | null;
  bytes: number | null;
  location: string | null;
  verified: boolean | null;
  verifyError: string | null;
  error: string | null;
  deleted: boolean;
}

export interface BackupsPage {
  data: Backup[];
  storage: Array<{ at: string; bytes: number; objects: number }>;
  summary: { lastSuccessAt: string | null; storageBytes: number | null; schedule: string; destination: string };
}

/** The whole JSON envelope (for responses with more than `data`). */
async function envelope<T>(path: string): Promise<T> {
  return (await (await api.http.raw('GET', path)).json()) as T;
}

export const getStats = (days: number) => {
  const to = new Date();
  const from = new Date(to.getTime() - (days - 1) * 86_400_000);
  return api.http.request<AdminStats>('GET', `/admin/stats?from=${from.toISOString().slice(0, 10)}&to=${to.toISOString().slice(0, 10)}`);
};

export function listUsers(q: UsersQuery) {
  const params = new URLSearchParams({ status: q.status, sort: q.sort, order: q.order, page: String(q.page), pageSize: String(q.pageSize) });
  if (q.q.trim()) params.set('q', q.q.trim());
  return envelope<{ data: AdminUser[]; pagination: { page: number; pageSize: number; total: number } }>(`/admin/users?${params}`);
}

export const getUserDetail = (id: string) => api.http.request<UserDetail>('GET', `/admin/users/${id}`);
export const setUserDisabled = (id: string, disabled: boolean) => api.http.request<AdminUser>('POST', `/admin/users/${id}/${disabled ? 'disable' : 'enable'}`);
export const getBackups = () => envelope<BackupsPage>('/admin/backups?days=90');
export const startBackup = () => api.http.request<Backup>('POST', '/admin/backups');

export type Tier = 'basic' | 'pro' | 'enterprise';
export const TIERS: Tier[] = ['basic', 'pro', 'enterprise'];

/** Grants (amount > 0) or takes (amount < 0) tokens with a reason; `key` makes a retried click apply once. */
export const grantTokens = (id: string, body: { amount: number; reason: string }, key: string) =>
  api.http.request<{ balance: { balance: number } }>('POST', `/admin/billing/users/${id}/grant`, body, { headers: { 'Idempotency-Key': key } });
export const setUserTier = (id: string, tier: Tier) => api.http.request<{ id: string; tier: Tier }>('PUT', `/admin/billing/users/${id}/tier`, { tier });
