import type { Http } from './http.js';
import type { Tier } from './types.js';

export interface Balance {
  balance: number;
  reserved: number;
  available: number;
  tier: Tier;
}

export type LedgerKind = 'grant' | 'purchase' | 'analysis' | 'embedding' | 'refund' | 'adjust';

/** What a ledger line is about, as data, for clients that word it in the user's language. */
export type LedgerDetail =
  | { what: 'signup'; plan: string }
  | { what: 'admin'; added: boolean; reason: string | null }
  | { what: 'refund'; receipt: string }
  | { what: 'payment'; payment: 'subscription' | 'token_pack' | 'auto_pay'; receipt: string }
  | { what: 'analysis'; prompt: string | null }
  | { what: 'document'; filename: string | null }
  | { what: 'search' }
  | { what: 'reading' }
  | { what: 'other'; kind: string };

export interface LedgerEntry {
  id: string;
  delta: number;
  kind: LedgerKind;
  reference: string | null;
  /** The line in English words: "Analysis: “…”", "Reading leases.pdf", "Token purchase, receipt IN-0001". */
  description: string;
  detail: LedgerDetail;
  balanceAfter: number;
  uncovered: number;
  createdAt: string;
}

export interface Plan {
  id: Tier;
  name: string;
  /** In the currency's smallest unit: cents, or whole won for krw. */
  priceCents: number;
  currency: string;
  /** Formatted by the server: "$29.00", "₩39,000". */
  priceText: string;
  monthlyTokens: number;
  limits: { documentsPerProject: number; maxCells: number; allowedModels: string[] };
  current: boolean;
  purchasable: boolean;
}

export interface TokenPack {
  id: string;
  tokens: number;
  priceCents: number;
  currency: string;
  priceText: string;
}

export interface Plans {
  current: Tier;
  stripe: { configured: boolean; message: string | null };
  plans: Plan[];
  packs: TokenPack[];
  subscription: { plan: Tier; status: string; currentPeriodEnd: string | null; cancelAtPeriodEnd: boolean } | null;
}

export interface Payment {
  id: string;
  receiptNumber: string;
  kind: 'subscription' | 'token_pack' | 'auto_pay';
  status: 'pending' | 'succeeded' | 'failed' | 'refunded' | 'partially_refunded';
  amountCents: number;
  refundedCents: number;
  currency: string;
  /** Formatted by the server: "$9.00", "₩12,000". */
  amountText: string;
  refundedText: string;
  tokens: number;
  description: string | null;
  failureMessage: string | null;
  paidAt: string | null;
  createdAt: string;
  /** API paths (add the access token to open them in a browser: `receiptUrl`). */
  receipt: { html: string; pdf: string; stripe: string | null };
}

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
