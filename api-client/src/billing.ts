import type { Http } from './http.js';
import type { Tier } from './types.js';

export interface Balance {
  balance: number;
  reserved: number;
  available: number;
  tier: Tier;
}

export interface LedgerEntry {
  id: string;
  delta: number;
  kind: 'grant' | 'purchase' | 'analysis' | 'embedding' | 'refund' | 'adjust';
  reference: string | null;
  balanceAfter: number;
  uncovered: number;
  createdAt: string;
}

/** Token balance and ledger (purchases arrive with the Billing work). */
export function billingApi(http: Http) {
  return {
    balance: () => http.request<Balance>('GET', '/billing/balance'),
    ledger: async (query: { limit?: number; before?: string } = {}) => {
      const qs = new URLSearchParams(Object.entries(query).filter(([, v]) => v !== undefined).map(([k, v]) => [k, String(v)]));
      const res = await http.raw('GET', `/billing/ledger${qs.size ? `?${qs}` : ''}`);
      return (await res.json()) as { data: LedgerEntry[]; pagination: { limit: number; nextBefore: string | null } };
    },
  };
}
