/**
 * `npm run bench -- debits` (issue 30): 50 concurrent clients reserving and settling against one balance
 * through the real ledger (`billing/ledger.ts` reserve → settle), against an unchecked
 * `UPDATE token_accounts SET balance = balance - n` on the same pool in the same run.
 *
 * - Throughput: each client runs reserve → settle cycles on an ample balance for a fixed time; so do 50
 *   clients of the unchecked UPDATE. `ratio` = ledger cycles (one hold + its settlement = one debit) per
 *   second ÷ unchecked UPDATEs per second; target ≥ 0.5.
 * - Overspend: a balance worth a few cycles per client, drained by 50 clients whose usage at
 *   settlement sometimes exceeds the hold. A watcher samples the account all along (holds must never exceed
 *   the balance); at the end the balance must equal start − everything settled, equal the ledger's sum, and
 *   no more than the start may have been charged. `overspend` = tokens charged beyond the balance plus the
 *   tokens by which the final balance misses start − settled; target 0.
 *
 * PostgreSQL (a throwaway database; pool of 10 as in production) for both parts; PGlite repeats the
 * overspend part (BENCH_DEBITS_ENGINES=postgres narrows it). BENCH_DEBITS_SECONDS (default 8) per phase.
 */
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import type { Knex } from 'knex';
import { balance, credit, InsufficientTokens, reserve, settle } from '../src/billing/ledger.js';
import { openDb, type DbHandle } from '../src/db/knex.js';
import { migrateLatest } from '../src/db/migrate.js';
import { throwawayDatabase } from './processes.js';
import { postgresUrl, report, rng, round, type Engine } from './support.js';

const CLIENTS = 50;
const SECONDS = Number(process.env.BENCH_DEBITS_SECONDS ?? 8);
const POOL = 10;
const TARGET_RATIO = 0.5;

async function newUser(knex: Knex, label: string): Promise<string> {
  const [user] = await knex('users').insert({ email: `${label}-${Date.now()}-${Math.random().toString(36).slice(2)}@example.test`, name: 'Bench', passwordHash: 'x' }).returning('id');
  return user.id as string;
}

/** Runs `clients` loops of `step` until `seconds` have passed; returns completed steps per second. */
async function closedLoop(clients: number, seconds: number, step: (client: number, i: number) => Promise<void>): Promise<{ perSecond: number; count: number }> {
  const until = performance.now() + seconds * 1000;
  const started = performance.now();
  let count = 0;
  await Promise.all(Array.from({ length: clients }, async (_, client) => {
    for (let i = 0; performance.now() < until; i++) {
      await step(client, i);
      count++;
    }
  }));
  return { perSecond: count / ((performance.now() - started) / 1000), count };
}

async function throughput(knex: Knex) {
  const ledgerUser = await newUser(knex, 'debits-ledger');
  const plainUser = await newUser(knex, 'debits-plain');
  await credit(knex, { userId: ledgerUser, amount: 1_000_000_000, kind: 'grant', idempotencyKey: `grant:${ledgerUser}` });
  await knex('token_accounts').insert({ userId: plainUser, balance: 1_000_000_000 });
  const run = `${Date.now()}`;
  // Warm the pool and the plans.
  await closedLoop(CLIENTS, 1, async (c, i) => {
    await knex.raw('UPDATE token_accounts SET balance = balance - ? WHERE user_id = ?', [1, plainUser]);
    const hold = await reserve(knex, { userId: ledgerUser, amount: 10, idempotencyKey: `warm:${run}:${c}:${i}` });
    await settle(knex, { reservationId: hold.id, amount: 5 });
  });
  const rounds: Array<{ ledgerCyclesPerSecond: number; uncheckedPerSecond: number }> = [];
  for (let r = 0; r < 2; r++) {
    console.error(`round ${r + 1}/2: ${SECONDS} s each, load ${os.loadavg()[0].toFixed(2)}`);
    const ledger = await closedLoop(CLIENTS, SECONDS, async (c, i) => {
      const hold = await reserve(knex, { userId: ledgerUser, amount: 100, idempotencyKey: `t:${run}:${r}:${c}:${i}` });
      await settle(knex, { reservationId: hold.id, amount: 60 + ((c + i) % 80) });
    });
    const plain = await closedLoop(CLIENTS, SECONDS, async () => {
      await knex.raw('UPDATE token_accounts SET balance = balance - ? WHERE user_id = ?', [100, plainUser]);
    });
    rounds.push({ ledgerCyclesPerSecond: round(ledger.perSecond, 1), uncheckedPerSecond: round(plain.perSecond, 1) });
  }
  const ledgerCyclesPerSecond = round(rounds.reduce((s, r) => s + r.ledgerCyclesPerSecond, 0) / rounds.length, 1);
  const uncheckedPerSecond = round(rounds.reduce((s, r) => s + r.uncheckedPerSecond, 0) / rounds.length, 1);
  return { ledgerCyclesPerSecond, uncheckedPerSecond, ratio: round(ledgerCyclesPerSecond / uncheckedPerSecond, 3), rounds };
}

/** Drains a scarce balance with 50 clients and checks that nothing was spent twice or beyond the balance. */
async function overspendCheck(knex: Knex, clients: number, seconds: number) {
  const userId = await newUser(knex, 'debits-drain');
  const start = clients * 400; // a few cycles per client: the clients ask for far more than there is
  await credit(knex, { userId, amount: start, kind: 'grant', idempotencyKey: `grant:${userId}` });
  const random = rng(30);
  let charged = 0;
  let settled = 0;
  let refused = 0;
  let holdsOverBalance = 0;
  let samples = 0;
  let stop = false;
  const watcher = (async () => {
    while (!stop) {
      const row = await knex('token_accounts').where({ userId }).first('balance', 'reserved');
      samples++;
      if (Number(row.reserved) > Number(row.balance) || Number(row.balance) < 0) holdsOverBalance++;
      await new Promise((r) => setTimeout(r, 5));
    }
  })();
  const until = performance.now() + seconds * 1000;
  await Promise.all(Array.from({ length: clients }, async (_, c) => {
    for (let i = 0; performance.now() < until; i++) {
      const amount = 50 + Math.floor(random() * 150);
      let holdId: string;
      try {
        holdId = (await reserve(knex, { userId, amount, idempotencyKey: `d:${userId}:${c}:${i}` })).id;
      } catch (err) {
        if (!(err instanceof InsufficientTokens)) throw err;
        refused++;
        if ((await balance(knex, userId)).available === 0 && refused > clients * 4) return;
        continue;
      }
      // Real usage sometimes exceeds the estimate: the ledger may only take what is there.
      const usage = Math.floor(amount * (0.5 + random()));
      const result = await settle(knex, { reservationId: holdId, amount: usage });
      // Settling twice must change nothing.
      if (i % 7 === 0) {
        const again = await settle(knex, { reservationId: holdId, amount: usage });
        if (again.charged !== result.charged) throw new Error('a second settlement charged again');
      }
      charged += result.charged;
      settled++;
    }
  }));
  stop = true;
  await watcher;
  const final = await balance(knex, userId);
  const [{ sum }] = await knex('token_ledger').where({ userId }).sum({ sum: 'delta' });
  const ledgerSum = Number(sum);
  const overspend = Math.max(0, charged - start) + Math.abs(final.balance - (start - charged));
  return {
    startBalance: start,
    settled,
    refused,
    charged,
    finalBalance: final.balance,
    finalReserved: final.reserved,
    ledgerSum,
    ledgerMatchesBalance: ledgerSum === final.balance,
    samples,
    holdsOverBalance,
    overspend: overspend + holdsOverBalance + (ledgerSum === final.balance ? 0 : Math.abs(ledgerSum - final.balance)),
  };
}

async function openEngine(engine: Engine): Promise<{ db: DbHandle; drop(): Promise<void> }> {
  if (engine === 'pglite') {
    const db = await openDb({ database: { pgliteDir: 'memory://', ssl: false, poolMax: 1 } });
    await migrateLatest(db.knex);
    return { db, drop: async () => {} };
  }
  const target = await throwawayDatabase('debits');
  const db = await openDb({ database: { url: target.url, ssl: false, poolMax: POOL, pgliteDir: '' } });
  await migrateLatest(db.knex);
  return { db, drop: target.drop };
}

export async function benchDebits(): Promise<void> {
  const engines = (process.env.BENCH_DEBITS_ENGINES ?? 'postgres,pglite').split(',') as Engine[];
  if (!(await postgresUrl())) throw new Error('the debits bench needs PostgreSQL (set BENCH_DATABASE_URL)');
  const result: Record<string, unknown> = { clients: CLIENTS, pool: POOL, secondsPerPhase: SECONDS };
  const rows: Array<Record<string, string | number>> = [];
  let overspend = 0;
  for (const engine of engines) {
    const { db, drop } = await openEngine(engine);
    try {
      if (engine === 'postgres') {
        const t = await throughput(db.knex);
        Object.assign(result, { ratio: t.ratio, ledgerCyclesPerSecond: t.ledgerCyclesPerSecond, uncheckedPerSecond: t.uncheckedPerSecond, rounds: t.rounds });
        rows.push({ engine, what: 'reserve → settle cycles/s', value: t.ledgerCyclesPerSecond, target: '' });
        rows.push({ engine, what: 'unchecked UPDATE/s', value: t.uncheckedPerSecond, target: '' });
        rows.push({ engine, what: 'ratio', value: t.ratio, target: `≥ ${TARGET_RATIO}` });
      }
      console.error(`${engine}: draining a scarce balance with ${CLIENTS} clients …`);
      const o = await overspendCheck(db.knex, CLIENTS, SECONDS);
      result[`overspend_${engine}`] = o;
      overspend += o.overspend;
      rows.push({ engine, what: `overspend (${o.settled} settled, ${o.refused} refused, ${o.samples} samples)`, value: o.overspend, target: '0' });
    } finally {
      await db.close();
      await drop();
    }
  }
  report('debits', {
    loadAverage: os.loadavg().map((l) => round(l, 2)),
    overspend,
    ...result,
    target: { ratio: TARGET_RATIO, overspend: 0, met: overspend === 0 && Number(result.ratio) >= TARGET_RATIO },
  }, rows);
}
