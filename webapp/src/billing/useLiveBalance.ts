import type { Balance } from '@intellio/api-client';
import { useEffect, useState } from 'react';
import { api } from '../api';

/**
 * The user's balance, kept live by the server's balance stream (every ledger change, from any process).
 * On an error (usually an expired access token) it refreshes the session and reconnects, backing off.
 */
export function useLiveBalance(): Balance | null {
  const [balance, setBalance] = useState<Balance | null>(null);

  useEffect(() => {
    let cancelled = false;
    let source: EventSource | null = null;
    let retry: ReturnType<typeof setTimeout> | undefined;
    let delay = 2000;
    const connect = () => {
      source = new EventSource(api.billing.balanceStreamUrl());
      source.onopen = () => (delay = 2000);
      source.addEventListener('balance', (event) => {
        if (!cancelled) setBalance(JSON.parse((event as MessageEvent<string>).data) as Balance);
      });
      source.onerror = () => {
        source?.close();
        retry = setTimeout(() => void api.http.refresh().then(() => !cancelled && connect()), delay);
        delay = Math.min(delay * 2, 60_000);
      };
    };
    connect();
    return () => {
      cancelled = true;
      clearTimeout(retry);
      source?.close();
    };
  }, []);

  return balance;
}
