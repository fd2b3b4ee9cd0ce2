import type { Tier } from '../users/model.js';
import type { Balance, LedgerEntry } from './ledger.js';

export function presentBalance(b: Balance, tier: Tier) {
  return { balance: b.balance, reserved: b.reserved, available: b.available, tier };
}

/** One ledger line as the user sees it (no metadata internals, no other users' ids). */
export function presentLedgerEntry(e: LedgerEntry) {
  const uncovered = typeof e.metadata.uncovered === 'number' ? e.metadata.uncovered : 0;
  return {
    id: e.id,
    delta: e.delta,
    kind: e.kind,
    reference: e.reference,
    balanceAfter: e.balanceAfter,
    uncovered,
    createdAt: e.createdAt.toISOString(),
  };
}
