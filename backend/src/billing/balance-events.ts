/**
 * Live balance: after every committed ledger change (any writer, any process) the user's balance is
 * published on the event bus (`balance:<userId>`, Redis pub/sub across processes), and the alert and
 * auto-pay checks run. `GET /billing/balance/stream` relays the channel as Server-Sent Events.
 */
import type { Deps } from '../deps.js';
import type { BusEvent } from '../events/bus.js';
import { chargeAutoPay } from './auto-pay.js';
import { balance, onLedgerCommit } from './ledger.js';
import { checkThresholds } from './thresholds.js';

export const balanceChannel = (userId: string) => `balance:${userId}`;

export interface BalanceEvent extends BusEvent {
  type: 'balance';
  balance: number;
  reserved: number;
  available: number;
  tier: string;
}

export async function currentBalance(deps: Deps, userId: string): Promise<BalanceEvent> {
  const [b, user] = await Promise.all([balance(deps.knex, userId), deps.knex('users').where({ id: userId }).first('tier')]);
  return { type: 'balance', ...b, tier: (user?.tier as string | undefined) ?? 'basic' };
}

export async function afterLedgerCommit(deps: Deps, userId: string): Promise<void> {
  await deps.events.publish(balanceChannel(userId), await currentBalance(deps, userId));
  await checkThresholds(deps, userId, chargeAutoPay);
}

/** Starts publishing and checking after each ledger commit of this process; returns the stop function. */
export function watchLedger(deps: Deps): () => void {
  return onLedgerCommit((userId) => deps.background.run('billing:after-ledger-commit', () => afterLedgerCommit(deps, userId)));
}
