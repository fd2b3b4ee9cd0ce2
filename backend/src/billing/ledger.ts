/**
 * The token ledger: the only way balances change. Every write is one call of a SQL function (migration
 * 030): atomic on its own, or part of the caller's transaction when one is passed. Each is idempotent by key
 * (a repeated key returns the first result and changes nothing) and takes the user's account row lock
 * before it reads or changes the balance or the holds, so concurrent writers for one user apply one after
 * another and no check-then-spend race can drive a balance below zero. One statement per write holds that
 * lock across no network round trip (issue 30).
 *
 *   balance   = sum(token_ledger.delta)        — also kept on token_accounts.balance, in the same statement
 *   reserved  = sum(held reservations)         — holds for analyses in flight; not ledger rows
 *   available = balance - reserved             — what a new reservation or debit may take
 *
 * The "Billing" issue builds purchases and plans on top of `credit`/`debit`; analyses use
 * `reserve` → `settle` | `release`.
 */
import type { Knex } from 'knex';
import { AppError, conflict } from '../http/errors.js';
import { newestFirst } from './paging.js';

export type LedgerKind = 'grant' | 'purchase' | 'analysis' | 'embedding' | 'refund' | 'adjust';
export type Db = Knex | Knex.Transaction;

export interface LedgerEntry {
  id: string;
  userId: string;
  delta: number;
  kind: LedgerKind;
  reference: string | null;
  idempotencyKey: string;
  balanceAfter: number;
  metadata: Record<string, unknown>;
  createdAt: Date;
}

export type ReservationStatus = 'held' | 'settled' | 'released';

export interface Reservation {
  id: string;
  userId: string;
  amount: number;
  reference: string | null;
  idempotencyKey: string;
  status: ReservationStatus;
  ledgerEntryId: string | null;
  charged: number | null;
  expiresAt: Date;
}

export interface Balance {
  balance: number;
  reserved: number;
  available: number;
}

export interface EntryInput {
  userId: string;
  /** Positive whole tokens. */
  amount: number;
  kind: LedgerKind;
  reference?: string | null;
  idempotencyKey: string;
  metadata?: Record<string, unknown>;
}

/** 402 with what was needed and what is available, so clients can offer a top-up. */
export class InsufficientTokens extends AppError {
  constructor(
    readonly needed: number,
    readonly available: number,
  ) {
    super(
      402,
      'insufficient_tokens',
      `This needs ${needed.toLocaleString('en-US')} tokens; your available balance is ${available.toLocaleString('en-US')}.`,
      { needed, available },
    );
  }
}

const DEFAULT_HOLD_MS = 60 * 60_000;

function assertAmount(amount: number): void {
  if (!Number.isSafeInteger(amount) || amount <= 0) throw new TypeError(`ledger amount must be a positive integer, got ${amount}`);
}

function toEntry(row: Record<string, unknown>): LedgerEntry {
  return {
    id: row.id as string,
    userId: row.userId as string,
    delta: Number(row.delta),
    kind: row.kind as LedgerKind,
    reference: (row.reference as string | null) ?? null,
    idempotencyKey: row.idempotencyKey as string,
    balanceAfter: Number(row.balanceAfter),
    metadata: (row.metadata as Record<string, unknown>) ?? {},
    createdAt: new Date(row.createdAt as string),
  };
}

function toReservation(row: Record<string, unknown>): Reservation {
  return {
    id: row.id as string,
    userId: row.userId as string,
    amount: Number(row.amount),
    reference: (row.reference as string | null) ?? null,
    idempotencyKey: row.idempotencyKey as string,
    status: row.status as ReservationStatus,
    ledgerEntryId: (row.ledgerEntryId as string | null) ?? null,
    charged: row.charged == null ? null : Number(row.charged),
    expiresAt: new Date(row.expiresAt as string),
  };
}

/** Runs after a transaction that touched a user's account commits (never on rollback), once per user. */
export type LedgerCommitListener = (userId: string) => void;

const commitListeners = new Set<LedgerCommitListener>();
const touchedByTrx = new WeakMap<Knex.Transaction, Set<string>>();

/**
 * Subscribes to committed balance changes (billing publishes the live balance and runs alerts and auto-pay
 * from here, so every writer — analyses, embeddings, purchases, grants — is covered). Returns unsubscribe.
 */
export function onLedgerCommit(listener: LedgerCommitListener): () => void {
  commitListeners.add(listener);
  return () => commitListeners.delete(listener);
}

function notifyAfterCommit(trx: Knex.Transaction, userId: string): void {
  let touched = touchedByTrx.get(trx);
  if (!touched) {
    const users = new Set<string>();
    touched = users;
    touchedByTrx.set(trx, users);
    trx.executionPromise.then(
      () => {
        for (const user of users) for (const listener of commitListeners) listener(user);
      },
      () => {},
    );
  }
  touched.add(userId);
}

/** What the ledger's SQL functions (migration 030) answer: the rows written or found, or why they refused. */
interface LedgerResult {
  userId?: string;
  error?: 'insufficient_tokens' | 'idempotency_conflict' | 'not_found';
  needed?: number;
  available?: number;
  entry?: Record<string, unknown> | null;
  reservation?: Record<string, unknown>;
  charged?: number;
  uncovered?: number;
}

/**
 * Runs one ledger function: one statement, so outside a transaction it is one round trip and the account
 * row is locked only while PostgreSQL works on it (every other writer for the user waits that long); inside
 * the caller's transaction it joins it. Refusals come back as results, not SQL errors, so a joined
 * transaction stays usable, and are thrown here as the API's errors.
 */
async function runLedger(db: Db, call: string, bindings: readonly Knex.RawBinding[]): Promise<LedgerResult> {
  const { rows } = await db.raw(`SELECT ${call} AS result`, bindings);
  const result = rows[0].result as LedgerResult;
  if (result.userId) {
    if (db.isTransaction) notifyAfterCommit(db as Knex.Transaction, result.userId);
    else if (!result.error) {
      const userId = result.userId;
      // Already committed; listeners still run after the caller has its answer, as after a transaction.
      void Promise.resolve().then(() => {
        for (const listener of commitListeners) listener(userId);
      });
    }
  }
  switch (result.error) {
    case 'insufficient_tokens':
      throw new InsufficientTokens(Number(result.needed), Number(result.available));
    case 'idempotency_conflict':
      throw conflict('idempotency_conflict', 'This idempotency key was already used for another account.');
    case 'not_found':
      throw new AppError(404, 'not_found', 'Reservation not found.');
  }
  return result;
}

function writeEntry(db: Db, input: EntryInput, credit: boolean, upTo: boolean): Promise<LedgerResult> {
  return runLedger(db, 'ledger_entry(?::uuid, ?, ?, ?, ?, ?, ?::jsonb, ?)', [
    input.userId,
    credit,
    input.amount,
    input.kind,
    input.reference ?? null,
    input.idempotencyKey,
    JSON.stringify(input.metadata ?? {}),
    upTo,
  ]);
}

/** Adds tokens (grant, purchase, refund, positive adjustment). */
export async function credit(db: Db, input: EntryInput): Promise<LedgerEntry> {
  assertAmount(input.amount);
  return toEntry((await writeEntry(db, input, true, false)).entry as Record<string, unknown>);
}

/**
 * Takes tokens from the available balance (held reservations are not touched). Throws InsufficientTokens
 * (402) when short, unless `upTo` is set: then it takes what is available (possibly nothing: the key is
 * still spent) and records the uncovered rest in the entry's metadata (`requested`, `uncovered`) — for
 * usage that has already happened, such as embeddings.
 */
export async function debit(db: Db, input: EntryInput & { upTo?: boolean }): Promise<LedgerEntry | null> {
  assertAmount(input.amount);
  return toEntry((await writeEntry(db, input, false, input.upTo ?? false)).entry as Record<string, unknown>);
}

/**
 * Holds `amount` for work about to happen (402 when the available balance is short). A repeated key
 * answers with its hold and changes nothing, even when the balance could not cover it again.
 */
export async function reserve(
  db: Db,
  input: { userId: string; amount: number; reference?: string | null; idempotencyKey: string; ttlMs?: number },
): Promise<Reservation> {
  assertAmount(input.amount);
  const result = await runLedger(db, 'ledger_reserve(?::uuid, ?, ?, ?, ?::timestamptz)', [
    input.userId,
    input.amount,
    input.reference ?? null,
    input.idempotencyKey,
    new Date(Date.now() + (input.ttlMs ?? DEFAULT_HOLD_MS)),
  ]);
  return toReservation(result.reservation as Record<string, unknown>);
}

export interface SettleResult {
  reservation: Reservation;
  entry: LedgerEntry | null;
  /** What the ledger took. */
  charged: number;
  /** Real usage the balance could not cover (recorded, never taken below zero). */
  uncovered: number;
}

/**
 * Turns a hold into the real charge: the hold is released and `amount` (the real usage) is debited in one
 * step. The hold guarantees at least its own size; usage beyond it takes whatever else is available and
 * the rest is recorded as uncovered. Settling twice returns the first result.
 */
export async function settle(
  db: Db,
  input: { reservationId: string; amount: number; kind?: LedgerKind; reference?: string | null; idempotencyKey?: string; metadata?: Record<string, unknown> },
): Promise<SettleResult> {
  if (!Number.isSafeInteger(input.amount) || input.amount < 0) throw new TypeError(`settle amount must be a whole number, got ${input.amount}`);
  const result = await runLedger(db, 'ledger_settle(?::uuid, ?, ?, ?, ?, ?::jsonb)', [
    input.reservationId,
    input.amount,
    input.kind ?? null,
    input.reference ?? null,
    input.idempotencyKey ?? null,
    JSON.stringify(input.metadata ?? {}),
  ]);
  return {
    reservation: toReservation(result.reservation as Record<string, unknown>),
    entry: result.entry ? toEntry(result.entry) : null,
    charged: Number(result.charged),
    uncovered: Number(result.uncovered),
  };
}

/** Lets go of a hold without charging (failed or cancelled work). Releasing twice is harmless. */
export async function release(db: Db, reservationId: string): Promise<Reservation> {
  const result = await runLedger(db, 'ledger_release(?::uuid)', [reservationId]);
  return toReservation(result.reservation as Record<string, unknown>);
}

/** The user's balance, holds and what is available. A user with no ledger yet has zeros. */
export async function balance(db: Db, userId: string): Promise<Balance> {
  const row = await db('token_accounts').where({ userId }).first('balance', 'reserved');
  const b = Number(row?.balance ?? 0);
  const r = Number(row?.reserved ?? 0);
  return { balance: b, reserved: r, available: Math.max(0, b - r) };
}

/** Newest entries first, `limit` per page, older than the entry `before` (keyset pagination), optionally of some kinds / in [from, to). */
export async function entries(
  db: Db,
  userId: string,
  opts: { limit: number; before?: string; kinds?: LedgerKind[]; from?: Date; to?: Date },
): Promise<LedgerEntry[]> {
  const rows = await newestFirst(db, 'token_ledger', userId, opts, (q) => {
    if (opts.kinds?.length) q.whereIn('kind', opts.kinds);
    if (opts.from) q.where('createdAt', '>=', opts.from);
    if (opts.to) q.where('createdAt', '<', opts.to);
  });
  return rows.map(toEntry);
}
