/**
 * Billing calls. The response shapes are the backend's contract (backend/src/contract/billing.ts), taken as
 * types only (nothing of the backend is bundled), so a field the server adds is a compile error here.
 */
import type { Balance, LedgerEntry, LedgerKind, Payment, Plans } from '../../backend/src/contract/billing.js';
import type { Http } from './http.js';
import type { Tier } from './types.js';

export type { Balance, LedgerDetail, LedgerEntry, LedgerKind, Payment, PaymentKind, Plan, Plans, TokenPack } from '../../backend/src/contract/billing.js';

export interface AutoPaySettings {
  enabled: boolean;
  thresholdTokens: number;
  pack: string;
}

export interface BillingNotification {
  id: string;
  kind: string;
  severity: string;
  subject: string;
  text: string;
  createdAt: string;
  readAt: string | null;
}

export type CheckoutRequest = { kind: 'subscription'; plan: Tier } | { kind: 'token_pack'; pack: string };

function query(params: Record<string, string | number | boolean | undefined>): string {
  const qs = new URLSearchParams(Object.entries(params).filter(([, v]) => v !== undefined && v !== '').map(([k, v]) => [k, String(v)]));
  return qs.size ? `?${qs}` : '';
}

/** Balance, ledger, plans and purchases, receipts, auto-pay, billing notifications, the live balance stream. */
export function billingApi(http: Http) {
  const withToken = (path: string) => `${http.url(path.replace(/^\/api\/v1/, ''))}?access_token=${encodeURIComponent(http.tokens.getAccessToken() ?? '')}`;
  return {
    balance: () => http.request<Balance>('GET', '/billing/balance'),
    ledger: async (q: { limit?: number; before?: string; kind?: LedgerKind | ''; from?: string; to?: string } = {}) => {
      const res = await http.raw('GET', `/billing/ledger${query(q)}`);
      return (await res.json()) as { data: LedgerEntry[]; pagination: { limit: number; nextBefore: string | null } };
    },
    plans: () => http.request<Plans>('GET', '/billing/plans'),
    /** A Stripe Checkout Session: send the browser to `url`. */
    checkout: (body: CheckoutRequest) => http.request<{ id: string; url: string }>('POST', '/billing/checkout', body),
    portal: () => http.request<{ url: string }>('POST', '/billing/portal', {}),
    payments: (q: { limit?: number; before?: string } = {}) => http.request<Payment[]>('GET', `/billing/payments${query(q)}`),
    autoPay: () => http.request<AutoPaySettings>('GET', '/billing/auto-pay'),
    saveAutoPay: (body: AutoPaySettings) => http.request<AutoPaySettings>('PUT', '/billing/auto-pay', body),
    notifications: async (q: { unread?: boolean } = {}) => {
      const res = await http.raw('GET', `/billing/notifications${query(q)}`);
      return (await res.json()) as { data: BillingNotification[]; meta: { unread: number } };
    },
    markRead: (id: string) => http.request<{ marked: number }>('POST', `/billing/notifications/${id}/read`, {}),
    markAllRead: () => http.request<{ marked: number }>('POST', '/billing/notifications/read-all', {}),
    /** A receipt link (HTML or PDF path from a Payment) that opens in a browser tab. */
    receiptUrl: (path: string) => withToken(path),
    /** URL for `new EventSource(...)`: `balance` events carry a Balance. */
    balanceStreamUrl: () => withToken('/billing/balance/stream'),
    /**
     * Calls `onBalance` with the balance now and after every change (the server's balance stream). On an
     * error, usually an expired access token, it refreshes the session and reconnects, backing off.
     * Returns the stop function.
     */
    watchBalance(onBalance: (b: Balance) => void): () => void {
      let stopped = false;
      let source: EventSource | null = null;
      let retry: ReturnType<typeof setTimeout> | undefined;
      let delay = 2000;
      // A new EventSource forgets Last-Event-ID, so the last id seen goes in the query: the server replays
      // what this client missed, even from another web process.
      let lastEventId = '';
      const connect = () => {
        source = new EventSource(withToken('/billing/balance/stream') + (lastEventId ? `&lastEventId=${encodeURIComponent(lastEventId)}` : ''));
        source.onopen = () => (delay = 2000);
        source.addEventListener('balance', (event) => {
          const message = event as MessageEvent<string>;
          if (message.lastEventId) lastEventId = message.lastEventId;
          if (!stopped) onBalance(JSON.parse(message.data) as Balance);
        });
        source.onerror = () => {
          source?.close();
          retry = setTimeout(() => void http.refresh().then(() => !stopped && connect()), delay);
          delay = Math.min(delay * 2, 60_000);
        };
      };
      connect();
      return () => {
        stopped = true;
        clearTimeout(retry);
        source?.close();
      };
    },
  };
}
