/**
 * The token ledger: the only way balances change. Every function is transactional (it joins the caller's
 * transaction or opens its own), idempotent by key (a repeated key returns the first result and changes
 * nothing), and takes the user's account row lock first, so concurrent writers for one user apply one
 * after another and no check-then-spend race can drive a balance below zero.
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

function inTransaction<T>(db: Db, fn: (trx: Knex.Transaction) => Promise<T>): Promise<T> {
  return db.isTransaction ? fn(db as Knex.Transaction) : db.transaction(fn);
}

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

interface Account {
  balance: number;
  reserved: number;
}

/**
 * Locks the account row and says whether a hold has outlived its expiry. A hold committed after this
 * statement's snapshot is too young to have expired, so a lapsed hold is never missed for long: at worst
 * the next writer lets go of it.
 */
async function lockRow(trx: Knex.Transaction, userId: string): Promise<{ balance: unknown; reserved: unknown; has_expired: boolean } | undefined> {
  const { rows } = await trx.raw(
    `SELECT a.balance, a.reserved,
            EXISTS (SELECT 1 FROM token_reservations r WHERE r.user_id = a.user_id AND r.status = 'held' AND r.expires_at < now()) AS has_expired
       FROM token_accounts a WHERE a.user_id = ? FOR UPDATE OF a`,
    [userId],
  );
  return rows[0];
}

/**
 * Locks (creating if needed) the user's account row for the rest of the transaction, and lets go of holds
 * that outlived their expiry (a crashed process must not freeze a balance forever).
 */
async function lockAccount(trx: Knex.Transaction, userId: string): Promise<Account> {
  notifyAfterCommit(trx, userId);
  // Every other writer for this user waits from here to our commit, so each round trip spent holding the
  // lock is paid by all of them: the common case (an account, no lapsed hold) costs one statement.
  let row = await lockRow(trx, userId);
  if (!row) {
    await trx.raw('INSERT INTO token_accounts (user_id) VALUES (?) ON CONFLICT (user_id) DO NOTHING', [userId]);
    row = await lockRow(trx, userId);
    if (!row) throw new Error(`token account for ${userId} could not be created`);
  }
  const account = { balance: Number(row.balance), reserved: Number(row.reserved) };
  if (!row.has_expired) return account;
  const expired = await trx('token_reservations')
    .where({ userId, status: 'held' })
    .where('expiresAt', '<', trx.fn.now())
    .update({ status: 'released', updatedAt: trx.fn.now() })
    .returning('amount');
  const freed = expired.reduce((sum: number, r: { amount: unknown }) => sum + Number(r.amount), 0);
  if (freed > 0) {
    account.reserved -= freed;
    await trx('token_accounts').where({ userId }).update({ reserved: account.reserved, updatedAt: trx.fn.now() });
  }
  return account;
}

async function existingEntry(trx: Knex.Transaction, userId: string, key: string): Promise<LedgerEntry | null> {
  const row = await trx('token_ledger').where({ idempotencyKey: key }).first();
  if (!row) return null;
  if (row.userId !== userId) throw conflict('idempotency_conflict', 'This idempotency key was already used for another account.');
  return toEntry(row);
}

/** Writes the entry and the account's new balance (and, when the caller changed it, its holds) together. */
async function writeEntry(trx: Knex.Transaction, account: Account, input: EntryInput, delta: number, reservedChanged = false): Promise<LedgerEntry> {
  const balanceAfter = account.balance + delta;
  if (balanceAfter < 0) throw new InsufficientTokens(-delta, account.balance - account.reserved);
  const [row] = await trx('token_ledger')
    .insert({
      userId: input.userId,
      delta,
      kind: input.kind,
      reference: input.reference ?? null,
      idempotencyKey: input.idempotencyKey,
      balanceAfter,
      metadata: JSON.stringify(input.metadata ?? {}),
    })
    .returning('*');
  account.balance = balanceAfter;
  await trx('token_accounts')
    .where({ userId: input.userId })
    .update({ balance: balanceAfter, ...(reservedChanged ? { reserved: account.reserved } : {}), updatedAt: trx.fn.now() });
  return toEntry(row);
}

/** Adds tokens (grant, purchase, refund, positive adjustment). */
export async function credit(db: Db, input: EntryInput): Promise<LedgerEntry> {
  assertAmount(input.amount);
  return inTransaction(db, async (trx) => {
    const account = await lockAccount(trx, input.userId);
    return (await existingEntry(trx, input.userId, input.idempotencyKey)) ?? writeEntry(trx, account, input, input.amount);
  });
}

/**
 * Takes tokens from the available balance (held reservations are not touched). Throws InsufficientTokens
 * (402) when short, unless `upTo` is set: then it takes what is available (possibly nothing) and records
 * the uncovered rest in the entry's metadata — for usage that has already happened, such as embeddings.
 */
export async function debit(db: Db, input: EntryInput & { upTo?: boolean }): Promise<LedgerEntry | null> {
  assertAmount(input.amount);
  return inTransaction(db, async (trx) => {
    const account = await lockAccount(trx, input.userId);
    const existing = await existingEntry(trx, input.userId, input.idempotencyKey);
    if (existing) return existing;
    const available = account.balance - account.reserved;
    if (input.amount > available && !input.upTo) throw new InsufficientTokens(input.amount, available);
    const charge = Math.min(input.amount, Math.max(0, available));
    const uncovered = input.amount - charge;
    const metadata = uncovered > 0 ? { ...input.metadata, requested: input.amount, uncovered } : input.metadata;
    if (charge === 0) {
      // Nothing to take, but the key is spent and the shortfall is on record.
      return writeEntry(trx, account, { ...input, metadata }, 0);
    }
    return writeEntry(trx, account, { ...input, metadata }, -charge);
  });
}

/** Holds `amount` for work about to happen (402 when the available balance is short). */
export async function reserve(
  db: Db,
  input: { userId: string; amount: number; reference?: string | null; idempotencyKey: string; ttlMs?: number },
): Promise<Reservation> {
  assertAmount(input.amount);
  return inTransaction(db, async (trx) => {
    const account = await lockAccount(trx, input.userId);
    const existing = async () => {
      const row = await trx('token_reservations').where({ idempotencyKey: input.idempotencyKey }).first();
      if (row && row.userId !== input.userId) throw conflict('idempotency_conflict', 'This idempotency key was already used for another account.');
      return row ? toReservation(row) : null;
    };
    const available = account.balance - account.reserved;
    if (input.amount > available) {
      // A repeated key still answers with its hold, even when the balance could not cover it again.
      const found = await existing();
      if (found) return found;
      throw new InsufficientTokens(input.amount, available);
    }
    // The hold and the account's new total in one statement; a key already used inserts nothing and
    // changes nothing (the account row is ours, so only another account can hold the same key meanwhile).
    const { rows } = await trx.raw(
      `WITH hold AS (
         INSERT INTO token_reservations (user_id, amount, reference, idempotency_key, status, expires_at)
         VALUES (?, ?, ?, ?, 'held', ?)
         ON CONFLICT (idempotency_key) DO NOTHING
         RETURNING *
       ), account AS (
         UPDATE token_accounts SET reserved = reserved + ?, updated_at = now() WHERE user_id = ? AND EXISTS (SELECT 1 FROM hold)
       )
       SELECT id, user_id AS "userId", amount, reference, idempotency_key AS "idempotencyKey", status,
              ledger_entry_id AS "ledgerEntryId", charged, expires_at AS "expiresAt"
         FROM hold`,
      [input.userId, input.amount, input.reference ?? null, input.idempotencyKey, new Date(Date.now() + (input.ttlMs ?? DEFAULT_HOLD_MS)), input.amount, input.userId],
    );
    if (rows[0]) return toReservation(rows[0]);
    const found = await existing();
    if (!found) throw new Error(`reservation ${input.idempotencyKey} was neither inserted nor found`);
    return found;
  });
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
  return inTransaction(db, async (trx) => {
    const found = await trx('token_reservations').where({ id: input.reservationId }).first('userId');
    if (!found) throw new AppError(404, 'not_found', 'Reservation not found.');
    const account = await lockAccount(trx, found.userId);
    const reservation = toReservation(await trx('token_reservations').where({ id: input.reservationId }).forUpdate().first());
    if (reservation.status === 'settled') {
      const entry = reservation.ledgerEntryId ? toEntry(await trx('token_ledger').where({ id: reservation.ledgerEntryId }).first()) : null;
      return { reservation, entry, charged: reservation.charged ?? 0, uncovered: Math.max(0, input.amount - (reservation.charged ?? 0)) };
    }
    if (reservation.status === 'held') account.reserved -= reservation.amount;
    const available = Math.max(0, account.balance - account.reserved);
    const charged = Math.min(input.amount, available);
    const uncovered = input.amount - charged;
    let entry: LedgerEntry | null = null;
    if (charged > 0 || uncovered > 0) {
      entry = await writeEntry(
        trx,
        account,
        {
          userId: reservation.userId,
          amount: charged,
          kind: input.kind ?? 'analysis',
          reference: input.reference ?? reservation.reference,
          idempotencyKey: input.idempotencyKey ?? `settle:${reservation.id}`,
          metadata: { ...input.metadata, reserved: reservation.amount, ...(uncovered > 0 ? { requested: input.amount, uncovered } : {}) },
        },
        -charged,
        true,
      );
    } else {
      await trx('token_accounts').where({ userId: reservation.userId }).update({ reserved: account.reserved, updatedAt: trx.fn.now() });
    }
    const [row] = await trx('token_reservations')
      .where({ id: reservation.id })
      .update({ status: 'settled', charged, ledgerEntryId: entry?.id ?? null, updatedAt: trx.fn.now() })
      .returning('*');
    return { reservation: toReservation(row), entry, charged, uncovered };
  });
}

/** Lets go of a hold without charging (failed or cancelled work). Releasing twice is harmless. */
export async function release(db: Db, reservationId: string): Promise<Reservation> {
  return inTransaction(db, async (trx) => {
    const found = await trx('token_reservations').where({ id: reservationId }).first('userId');
    if (!found) throw new AppError(404, 'not_found', 'Reservation not found.');
    const account = await lockAccount(trx, found.userId);
    const row = await trx('token_reservations').where({ id: reservationId }).forUpdate().first();
    if (row.status !== 'held') return toReservation(row);
    await trx('token_accounts')
      .where({ userId: row.userId })
      .update({ reserved: account.reserved - Number(row.amount), updatedAt: trx.fn.now() });
    const [updated] = await trx('token_reservations')
      .where({ id: reservationId })
      .update({ status: 'released', updatedAt: trx.fn.now() })
      .returning('*');
    return toReservation(updated);
  });
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
