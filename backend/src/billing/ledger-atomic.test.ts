/**
 * The ledger's writes as single statements (issue 30, migration 030): one round trip outside a transaction,
 * and every guarantee the multi-statement version gave — idempotency under concurrency, settling beyond the
 * hold, lapsed holds, refusals that leave a caller's transaction usable, balance = ledger sum.
 */
import assert from 'node:assert/strict';
import type { Knex } from 'knex';
import { after, before, describe, it } from 'mocha';
import { startTestApp, type TestApp } from '../../test/app.js';
import { buildUser } from '../../test/builders.js';
import { AppError } from '../http/errors.js';
import { balance, credit, debit, InsufficientTokens, release, reserve, settle } from './ledger.js';

/**
 * The queries `fn` sends for `id` (a user or a hold, among their bindings) that touch the ledger or the
 * holds. The balance alerts that run after each commit lock the account too; they are not the ledger's.
 */
async function queriesFor<T>(knex: Knex, id: string, fn: () => Promise<T>): Promise<string[]> {
  const seen: string[] = [];
  const listener = (q: { sql: string; bindings?: unknown[] }) => {
    if (q.bindings?.includes(id) && /ledger_|token_reservations|token_ledger/i.test(q.sql)) seen.push(q.sql);
  };
  knex.on('query', listener);
  try {
    await fn();
  } finally {
    knex.off('query', listener);
  }
  return seen;
}

async function ledgerSum(knex: Knex, userId: string): Promise<number> {
  const [{ sum }] = await knex('token_ledger').where({ userId }).sum({ sum: 'delta' });
  return Number(sum);
}

describe('token ledger in one statement per write', () => {
  let app: TestApp;
  let knex: Knex;
  before(async () => {
    app = await startTestApp({ SIGNUP_TOKENS_BASIC: '1000' });
    knex = app.deps.knex;
  });
  after(() => app.close());

  it('reserves, settles, releases, credits and debits in one round trip each outside a transaction', async () => {
    const user = await buildUser(app);
    let holdId = '';
    const reserving = await queriesFor(knex, user.id, async () => {
      holdId = (await reserve(knex, { userId: user.id, amount: 100, idempotencyKey: `one:${user.id}` })).id;
    });
    assert.deepEqual(reserving.map((sql) => /ledger_\w+/.exec(sql)?.[0]), ['ledger_reserve']);
    const settling = await queriesFor(knex, holdId, () => settle(knex, { reservationId: holdId, amount: 40 }));
    assert.deepEqual(settling.map((sql) => /ledger_\w+/.exec(sql)?.[0]), ['ledger_settle']);
    const hold2 = await reserve(knex, { userId: user.id, amount: 10, idempotencyKey: `two:${user.id}` });
    assert.equal((await queriesFor(knex, hold2.id, () => release(knex, hold2.id))).length, 1);
    assert.equal((await queriesFor(knex, user.id, () => credit(knex, { userId: user.id, amount: 5, kind: 'grant', idempotencyKey: `c:${user.id}` }))).length, 1);
    assert.equal((await queriesFor(knex, user.id, () => debit(knex, { userId: user.id, amount: 5, kind: 'adjust', idempotencyKey: `d:${user.id}` }))).length, 1);
    assert.deepEqual(await balance(knex, user.id), { balance: 960, reserved: 0, available: 960 });
  });

  it('answers a key reserved by many callers at once with one hold', async () => {
    const user = await buildUser(app);
    const key = `same:${user.id}`;
    const holds = await Promise.all(Array.from({ length: 20 }, () => reserve(knex, { userId: user.id, amount: 300, idempotencyKey: key })));
    assert.equal(new Set(holds.map((h) => h.id)).size, 1);
    assert.deepEqual(await balance(knex, user.id), { balance: 1000, reserved: 300, available: 700 });
    // Even when the balance could not cover it again, the key still answers with its hold.
    await reserve(knex, { userId: user.id, amount: 700, idempotencyKey: `rest:${user.id}` });
    assert.equal((await reserve(knex, { userId: user.id, amount: 300, idempotencyKey: key })).id, holds[0].id);
    assert.equal(Number((await knex('token_reservations').where({ idempotencyKey: key }).count({ n: '*' }))[0].n), 1);
  });

  it('settles a hold once however many callers settle it at once', async () => {
    const user = await buildUser(app);
    const hold = await reserve(knex, { userId: user.id, amount: 200, idempotencyKey: `s:${user.id}` });
    const results = await Promise.all(Array.from({ length: 10 }, () => settle(knex, { reservationId: hold.id, amount: 120 })));
    assert.equal(new Set(results.map((r) => r.entry?.id)).size, 1);
    assert.ok(results.every((r) => r.charged === 120 && r.uncovered === 0 && r.reservation.status === 'settled'));
    assert.deepEqual(await balance(knex, user.id), { balance: 880, reserved: 0, available: 880 });
    assert.equal(Number((await knex('token_ledger').where({ userId: user.id, kind: 'analysis' }).count({ n: '*' }))[0].n), 1);
  });

  it('credits one key once under concurrency, and refuses it for another account', async () => {
    const user = await buildUser(app);
    const key = `grant:${user.id}`;
    const entries = await Promise.all(Array.from({ length: 10 }, () => credit(knex, { userId: user.id, amount: 50, kind: 'grant', idempotencyKey: key })));
    assert.equal(new Set(entries.map((e) => e.id)).size, 1);
    assert.equal(entries[0].balanceAfter, 1050);
    assert.equal((await balance(knex, user.id)).balance, 1050);
    const other = await buildUser(app);
    for (const write of [
      () => credit(knex, { userId: other.id, amount: 1, kind: 'grant', idempotencyKey: key }),
      () => debit(knex, { userId: other.id, amount: 1, kind: 'adjust', idempotencyKey: key }),
      async () => {
        await reserve(knex, { userId: user.id, amount: 1, idempotencyKey: `hold:${key}` });
        return reserve(knex, { userId: other.id, amount: 1, idempotencyKey: `hold:${key}` });
      },
    ]) {
      await assert.rejects(write(), (e) => e instanceof AppError && e.status === 409 && e.code === 'idempotency_conflict');
    }
    assert.deepEqual(await balance(knex, other.id), { balance: 1000, reserved: 0, available: 1000 });
  });

  it('settles usage above the hold from what else is available and records the rest', async () => {
    const user = await buildUser(app);
    const hold = await reserve(knex, { userId: user.id, amount: 400, reference: 'analysis:x', idempotencyKey: `a:${user.id}` });
    await reserve(knex, { userId: user.id, amount: 500, idempotencyKey: `b:${user.id}` });
    const s = await settle(knex, { reservationId: hold.id, amount: 700, metadata: { model: 'm' } });
    // 1000 less the other hold's 500: 500 can be taken, 200 stays uncovered.
    assert.equal(s.charged, 500);
    assert.equal(s.uncovered, 200);
    assert.equal(s.entry?.delta, -500);
    assert.equal(s.entry?.balanceAfter, 500);
    assert.equal(s.entry?.reference, 'analysis:x');
    assert.equal(s.entry?.idempotencyKey, `settle:${hold.id}`);
    assert.deepEqual(s.entry?.metadata, { model: 'm', reserved: 400, requested: 700, uncovered: 200 });
    assert.deepEqual({ status: s.reservation.status, charged: s.reservation.charged, ledgerEntryId: s.reservation.ledgerEntryId }, { status: 'settled', charged: 500, ledgerEntryId: s.entry?.id });
    assert.deepEqual(await balance(knex, user.id), { balance: 500, reserved: 500, available: 0 });
    // A second settlement with other figures answers the first result.
    const again = await settle(knex, { reservationId: hold.id, amount: 900 });
    assert.equal(again.entry?.id, s.entry?.id);
    assert.equal(again.charged, 500);
    assert.equal(again.uncovered, 400);
    // Nothing used, nothing written: the hold just goes.
    const empty = await reserve(knex, { userId: user.id, amount: 100, idempotencyKey: `c:${user.id}` }).catch((e: unknown) => e);
    assert.ok(empty instanceof InsufficientTokens && empty.needed === 100 && empty.available === 0);
    assert.equal(await ledgerSum(knex, user.id), 500);
  });

  it('lets go of lapsed holds at the next write, and settles a lapsed hold from what is available', async () => {
    const user = await buildUser(app);
    const lapsed = await reserve(knex, { userId: user.id, amount: 600, idempotencyKey: `l1:${user.id}` });
    const lapsed2 = await reserve(knex, { userId: user.id, amount: 300, idempotencyKey: `l2:${user.id}` });
    await knex('token_reservations').whereIn('id', [lapsed.id, lapsed2.id]).update({ expiresAt: new Date(Date.now() - 60_000) });
    assert.deepEqual(await balance(knex, user.id), { balance: 1000, reserved: 900, available: 100 });
    // 800 only fits once the lapsed holds are let go.
    const fresh = await reserve(knex, { userId: user.id, amount: 800, idempotencyKey: `f:${user.id}` });
    assert.deepEqual(await balance(knex, user.id), { balance: 1000, reserved: 800, available: 200 });
    const statuses = await knex('token_reservations').whereIn('id', [lapsed.id, lapsed2.id, fresh.id]).select('id', 'status');
    assert.deepEqual(Object.fromEntries(statuses.map((r: { id: string; status: string }) => [r.id, r.status])), { [lapsed.id]: 'released', [lapsed2.id]: 'released', [fresh.id]: 'held' });
    // The lapsed hold guarantees nothing any more: its usage takes what is available (200), not 250.
    const s = await settle(knex, { reservationId: lapsed.id, amount: 250 });
    assert.deepEqual([s.charged, s.uncovered, s.reservation.status], [200, 50, 'settled']);
    assert.deepEqual(await balance(knex, user.id), { balance: 800, reserved: 800, available: 0 });
    // Releasing a hold that lapsed and was let go already changes nothing.
    assert.equal((await release(knex, lapsed2.id)).status, 'released');
    assert.deepEqual(await balance(knex, user.id), { balance: 800, reserved: 800, available: 0 });
    // A hold that lapsed and nobody has let go of yet is released once, with the others.
    const late = await reserve(knex, { userId: (await buildUser(app)).id, amount: 10, idempotencyKey: `x:${user.id}` });
    const third = await reserve(knex, { userId: late.userId, amount: 500, idempotencyKey: `l3:${user.id}`, ttlMs: -60_000 });
    assert.equal((await release(knex, third.id)).status, 'released');
    assert.deepEqual(await balance(knex, late.userId), { balance: 1000, reserved: 10, available: 990 });
  });

  it('lets go of each lapsed hold exactly once while its settlement, its release and new holds race', async () => {
    const user = await buildUser(app);
    const holds = await Promise.all(Array.from({ length: 8 }, (_, i) => reserve(knex, { userId: user.id, amount: 100, idempotencyKey: `race:${user.id}:${i}` })));
    await knex('token_reservations').whereIn('id', holds.map((h) => h.id)).update({ expiresAt: new Date(Date.now() - 60_000) });
    const [settled, , fresh] = await Promise.all([
      Promise.all(holds.slice(0, 4).map((h) => settle(knex, { reservationId: h.id, amount: 50 }))),
      Promise.all(holds.slice(4).map((h) => release(knex, h.id))),
      Promise.all(Array.from({ length: 4 }, (_, i) => reserve(knex, { userId: user.id, amount: 150, idempotencyKey: `new:${user.id}:${i}` }))),
    ]);
    const charged = settled.reduce((sum, s) => sum + s.charged, 0);
    assert.equal(charged, 200);
    // Only the four new holds are still held, whatever order the writers ran in.
    assert.deepEqual(await balance(knex, user.id), { balance: 800, reserved: 600, available: 200 });
    const held = await knex('token_reservations').where({ userId: user.id, status: 'held' }).pluck('id');
    assert.deepEqual(held.sort(), fresh.map((h) => h.id).sort());
    assert.equal(await ledgerSum(knex, user.id), 800);
  });

  it('refuses inside a caller\'s transaction without spoiling it, and commits with it', async () => {
    const user = await buildUser(app);
    const { hold, entry } = await knex.transaction(async (trx) => {
      const hold = await reserve(trx, { userId: user.id, amount: 700, idempotencyKey: `t1:${user.id}` });
      await assert.rejects(reserve(trx, { userId: user.id, amount: 301, idempotencyKey: `t2:${user.id}` }), (e) => e instanceof InsufficientTokens && e.needed === 301 && e.available === 300);
      await assert.rejects(debit(trx, { userId: user.id, amount: 400, kind: 'adjust', idempotencyKey: `t3:${user.id}` }), (e) => e instanceof InsufficientTokens && e.status === 402 && e.available === 300);
      const entry = await debit(trx, { userId: user.id, amount: 400, kind: 'embedding', idempotencyKey: `t4:${user.id}`, upTo: true });
      return { hold, entry };
    });
    assert.equal(entry?.delta, -300);
    assert.deepEqual(entry?.metadata, { requested: 400, uncovered: 100 });
    assert.deepEqual(await balance(knex, user.id), { balance: 700, reserved: 700, available: 0 });
    // Rolled back with the caller: nothing of it stays.
    await assert.rejects(
      knex.transaction(async (trx) => {
        await settle(trx, { reservationId: hold.id, amount: 700 });
        throw new Error('caller fails');
      }),
      /caller fails/,
    );
    assert.equal((await knex('token_reservations').where({ id: hold.id }).first('status')).status, 'held');
    assert.deepEqual(await balance(knex, user.id), { balance: 700, reserved: 700, available: 0 });
    assert.equal(await ledgerSum(knex, user.id), 700);
  });

  it('answers 404 for a hold that does not exist', async () => {
    const missing = '00000000-0000-4000-8000-000000000000';
    await assert.rejects(settle(knex, { reservationId: missing, amount: 1 }), (e) => e instanceof AppError && e.status === 404);
    await assert.rejects(release(knex, missing), (e) => e instanceof AppError && e.status === 404);
  });

  it('keeps balance, holds and the ledger in step when many callers drain one balance', async () => {
    const user = await buildUser(app);
    let charged = 0;
    await Promise.all(Array.from({ length: 20 }, async (_, c) => {
      for (let i = 0; i < 6; i++) {
        const amount = 40 + ((c * 7 + i * 13) % 60);
        const hold = await reserve(knex, { userId: user.id, amount, idempotencyKey: `drain:${user.id}:${c}:${i}` }).catch((e: unknown) => {
          if (e instanceof InsufficientTokens) return null;
          throw e;
        });
        if (!hold) continue;
        const settled = await settle(knex, { reservationId: hold.id, amount: Math.floor(amount * (0.5 + ((c + i) % 4) / 4)) });
        charged += settled.charged;
      }
    }));
    const b = await balance(knex, user.id);
    assert.equal(b.reserved, 0);
    assert.equal(b.balance, 1000 - charged);
    assert.ok(b.balance >= 0);
    assert.equal(await ledgerSum(knex, user.id), b.balance);
    const rows = await knex('token_ledger').where({ userId: user.id }).select('delta', 'balanceAfter');
    assert.ok(rows.every((r: { balanceAfter: unknown }) => Number(r.balanceAfter) >= 0));
  });
});
