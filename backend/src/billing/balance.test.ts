import assert from 'node:assert/strict';
import { after, before, describe, it } from 'mocha';
import { startTestApp, type TestApp } from '../../test/app.js';
import { buildUser, lastMail, type SignedUpUser } from '../../test/builders.js';
import { openBalanceStream } from '../../test/fake-stripe.js';
import { credit, debit, release, reserve } from './ledger.js';

describe('live balance, alerts and the filtered ledger', () => {
  let app: TestApp;
  before(async () => {
    app = await startTestApp({ SIGNUP_TOKENS_BASIC: '10000', BALANCE_ALERT_THRESHOLDS: '20%,0' });
  });
  after(() => app.close());

  const spend = (user: SignedUpUser, amount: number, key: string) => debit(app.deps.knex, { userId: user.id, amount, kind: 'analysis', idempotencyKey: `${key}:${user.id}` });
  const refill = (user: SignedUpUser, amount: number, key: string) => credit(app.deps.knex, { userId: user.id, amount, kind: 'purchase', idempotencyKey: `${key}:${user.id}` });
  const lowBalance = async (user: SignedUpUser) => (await app.deps.knex('notifications').where({ userId: user.id, kind: 'low_balance' }).orderBy('sentAt')).map((n) => n.details.threshold as string);

  it('streams every balance change (credits, debits, holds) to the signed-in user only', async () => {
    const user = await buildUser(app);
    const stream = await openBalanceStream(app, user.accessToken);
    try {
      const first = await stream.next();
      assert.deepEqual(first, { type: 'balance', balance: 10000, reserved: 0, available: 10000, tier: 'basic' });
      await refill(user, 500, 's1');
      assert.equal((await stream.next((e) => e.balance === 10500)).available, 10500);
      await spend(user, 300, 's2');
      assert.equal((await stream.next((e) => e.balance === 10200)).balance, 10200);
      const hold = await reserve(app.deps.knex, { userId: user.id, amount: 1000, idempotencyKey: `s3:${user.id}` });
      assert.equal((await stream.next((e) => e.reserved === 1000)).available, 9200);
      await release(app.deps.knex, hold.id);
      assert.equal((await stream.next((e) => e.reserved === 0)).available, 10200);
    } finally {
      stream.close();
    }
    assert.equal((await fetch(`${app.url}/api/v1/billing/balance/stream`)).status, 401);
    assert.equal((await fetch(`${app.url}/api/v1/billing/balance/stream?access_token=forged`)).status, 401);
  });

  it('alerts once per threshold crossing (20% of the plan and 0), by notification and email, and re-arms on refill', async () => {
    const user = await buildUser(app);
    await spend(user, 8500, 'a1'); // 1,500 < 2,000 (20% of 10,000)
    await app.deps.background.idle();
    assert.deepEqual(await lowBalance(user), ['20%']);
    assert.match((await lastMail(app, user.email, 'low_balance')).text, /below 2,000 tokens/);
    await spend(user, 100, 'a2');
    await app.deps.background.idle();
    assert.deepEqual(await lowBalance(user), ['20%'], 'still under: no second alert');
    await spend(user, 1400, 'a3'); // 0
    await app.deps.background.idle();
    assert.deepEqual(await lowBalance(user), ['20%', '0']);
    await refill(user, 5000, 'a4'); // both re-armed
    await app.deps.background.idle();
    await spend(user, 4000, 'a5'); // 1,000: the 20% alert fires again, the empty one does not
    await app.deps.background.idle();
    assert.deepEqual(await lowBalance(user), ['20%', '0', '20%']);
    const list = await app.request('GET', '/api/v1/billing/notifications', undefined, { token: user.accessToken });
    assert.equal(list.body.data.length, 3);
    assert.equal(list.body.meta.unread, 3);
    assert.equal((await app.request('POST', '/api/v1/billing/notifications/read-all', {}, { token: user.accessToken })).body.data.marked, 3);
    assert.equal((await app.request('GET', '/api/v1/billing/notifications', undefined, { token: user.accessToken })).body.meta.unread, 0);
  });

  it('filters the ledger by kind and date and validates the filters', async () => {
    const user = await buildUser(app);
    await refill(user, 100, 'f1');
    await spend(user, 50, 'f2');
    const get = (q: string) => app.request('GET', `/api/v1/billing/ledger${q}`, undefined, { token: user.accessToken });
    assert.deepEqual((await get('?kind=purchase')).body.data.map((e: { delta: number }) => e.delta), [100]);
    assert.deepEqual((await get('?kind=purchase,analysis')).body.data.map((e: { kind: string }) => e.kind), ['analysis', 'purchase']);
    assert.equal((await get('')).body.data.length, 3);
    const future = new Date(Date.now() + 86_400_000).toISOString();
    assert.equal((await get(`?from=${future}`)).body.data.length, 0);
    assert.equal((await get(`?to=${future}&kind=grant`)).body.data.length, 1);
    const bad = await get('?kind=bonus');
    assert.equal(bad.status, 400);
    assert.match(bad.body.error.message, /query\.kind/);
    assert.equal((await get('?from=yesterday')).status, 400);
    assert.equal((await get(`?from=${future}&to=2020-01-01`)).status, 400);
  });
});
