import type { Balance } from '@intellio/api-client';
import { useEffect, useState } from 'react';
import { api } from '../api';

/** The user's balance, kept live by the server's balance stream (every ledger change, from any process). */
export function useLiveBalance(): Balance | null {
  const [balance, setBalance] = useState<Balance | null>(null);
  useEffect(() => api.billing.watchBalance(setBalance), []);
  return balance;
}
