import assert from 'node:assert/strict';
import { after, before, describe, it } from 'mocha';
import { startTestApp, type TestApp } from '../../test/app.js';
import { buildUser, type SignedUpUser } from '../../test/builders.js';
import { balanceOf } from '../../test/analysis-fixtures.js';

describe('admin: grant and adjust tokens, change tiers', () => {
  let app: TestApp;
  let admin: SignedUpUser;
  let user: SignedUpUser;

  before(async () => {
    app = await startTestApp({ SIGNUP_TOKENS_BASIC: '1000' });
    admin = await buildUser(app);
    await app.deps.knex('users').where({ id: admin.id }).update({ role: 'admin' });
    user = await buildUser(app);
  });
  after(() => app.close());

  const grant = (as: SignedUpUser, id: string, body: unknown, headers: Record<string, string> = {}) =>
    app.request('POST', `/api/v1/admin/billing/users/${id}/grant`, body, { token: as.accessToken, headers });

  it('a non-admin cannot grant tokens or change tiers (403), and nothing changes', async () => {
    const res = await grant(user, user.id, { amount: 1_000_000, reason: 'free money' });
    assert.equal(res.status, 403);
    assert.equal(res.body.error.code, 'forbidden');
    const tier = await app.request('PUT', `/api/v1/admin/billing/users/${user.id}/tier`, { tier: 'enterprise' }, { token: user.accessToken });
    assert.equal(tier.status, 403);
    assert.equal((await balanceOf(app, user.accessToken)).balance, 1000);
    assert.equal((await app.request('POST', `/api/v1/admin/billing/users/${user.id}/grant`, { amount: 1, reason: 'x' })).status, 401);
  });

  it('validates grants', async () => {
    for (const body of [{ amount: 0, reason: 'nothing' }, { amount: 1.5, reason: 'half' }, { amount: 10 }, { amount: 10, reason: ' ' }, { amount: '10', reason: 'text' }, { amount: 10, reason: 'ok reason', kind: 'grant' }]) {
      const res = await grant(admin, user.id, body);
      assert.equal(res.status, 400, JSON.stringify(body));
      assert.equal(res.body.error.code, 'validation');
    }
    assert.equal((await grant(admin, 'not-a-uuid', { amount: 10, reason: 'support' })).status, 400);
    assert.equal((await grant(admin, '00000000-0000-4000-8000-000000000000', { amount: 10, reason: 'support' })).status, 404);
  });

  it('grants and adjusts with a reason (ledger kind adjust, audit-logged), once per Idempotency-Key', async () => {
    const up = await grant(admin, user.id, { amount: 500, reason: 'Support: failed export' }, { 'idempotency-key': 'ticket-42' });
    assert.equal(up.status, 201, up.text);
    assert.equal(up.body.data.entry.kind, 'adjust');
    assert.equal(up.body.data.balance.balance, 1500);
    const again = await grant(admin, user.id, { amount: 500, reason: 'Support: failed export' }, { 'idempotency-key': 'ticket-42' });
    assert.equal(again.body.data.entry.id, up.body.data.entry.id);
    // The key with another grant is no retry: 409, nothing changes and nothing is audited as granted.
    for (const body of [{ amount: -500, reason: 'Support: failed export' }, { amount: 900, reason: 'Support: failed export' }, { amount: 500, reason: 'Another ticket' }]) {
      const reused = await grant(admin, user.id, body, { 'idempotency-key': 'ticket-42' });
      assert.equal(reused.status, 409, JSON.stringify(body));
      assert.equal(reused.body.error.code, 'idempotency_conflict');
      assert.equal(reused.body.error.details.entryId, up.body.data.entry.id);
    }
    assert.equal((await balanceOf(app, user.accessToken)).balance, 1500);
    const down = await grant(admin, user.id, { amount: -200, reason: 'Correction' });
    assert.equal(down.status, 201);
    assert.equal(down.body.data.entry.delta, -200);
    assert.equal((await balanceOf(app, user.accessToken)).balance, 1300);
    const tooMuch = await grant(admin, user.id, { amount: -5000, reason: 'Correction' });
    assert.equal(tooMuch.status, 402);
    const ledger = await app.request('GET', '/api/v1/billing/ledger?kind=adjust', undefined, { token: user.accessToken });
    assert.deepEqual(ledger.body.data.map((e: { delta: number }) => e.delta), [-200, 500]);
    await app.deps.activity.flush();
    const audit = await app.deps.knex('activity').where({ action: 'billing.grant', target: `user:${user.id}` }).orderBy('at');
    assert.equal(audit.length, 3);
    assert.ok(audit.every((a) => a.userId === admin.id));
    assert.ok(audit.some((a) => a.metadata.reason === 'Support: failed export' && a.metadata.amount === 500));
  });

  it('changes a user’s tier (audit-logged), validated', async () => {
    const bad = await app.request('PUT', `/api/v1/admin/billing/users/${user.id}/tier`, { tier: 'gold' }, { token: admin.accessToken });
    assert.equal(bad.status, 400);
    const res = await app.request('PUT', `/api/v1/admin/billing/users/${user.id}/tier`, { tier: 'pro' }, { token: admin.accessToken });
    assert.equal(res.status, 200);
    assert.equal((await balanceOf(app, user.accessToken)).tier, 'pro');
    const plans = await app.request('GET', '/api/v1/billing/plans', undefined, { token: user.accessToken });
    assert.equal(plans.body.data.current, 'pro');
    await app.deps.activity.flush();
    const audit = await app.deps.knex('activity').where({ action: 'billing.tier', target: `user:${user.id}` }).first();
    assert.deepEqual(audit.metadata, { from: 'basic', to: 'pro' });
  });
});
