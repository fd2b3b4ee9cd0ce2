import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'mocha';
import { analysisBody, buildProject } from '../../test/analysis-fixtures.js';
import { startTestApp, type TestApp } from '../../test/app.js';
import { buildUser, PASSWORD, type SignedUpUser } from '../../test/builders.js';
import { seedActivity, seedAnalysis, seedLedger, seedPayment } from '../../test/monitoring-seed.js';

async function buildAdmin(app: TestApp): Promise<SignedUpUser> {
  const admin = await buildUser(app, { name: 'Ada Admin' });
  await app.deps.knex('users').where({ id: admin.id }).update({ role: 'admin' });
  return admin;
}

const HOUR = 3_600_000;

describe('admin: users, stats and access', () => {
  let app: TestApp;
  let admin: SignedUpUser;
  let user: SignedUpUser;

  before(async () => {
    app = await startTestApp({ STATS_CACHE_TTL_SECONDS: '0' });
    admin = await buildAdmin(app);
    user = await buildUser(app);
  });
  after(() => app.close());

  const as = (who: SignedUpUser) => ({ token: who.accessToken });

  it('answers 401 without a session and 403 to non-admins on every admin route', async () => {
    const routes: Array<[string, string]> = [
      ['GET', '/api/v1/admin/stats'],
      ['GET', '/api/v1/admin/users'],
      ['GET', `/api/v1/admin/users/${admin.id}`],
      ['POST', `/api/v1/admin/users/${admin.id}/disable`],
      ['POST', `/api/v1/admin/users/${admin.id}/enable`],
      ['GET', '/api/v1/admin/backups'],
      ['POST', '/api/v1/admin/backups'],
    ];
    for (const [method, path] of routes) {
      assert.equal((await app.request(method, path)).status, 401, `${method} ${path} without a session`);
      const res = await app.request(method, path, undefined, as(user));
      assert.equal(res.status, 403, `${method} ${path} as a user`);
      assert.equal(res.body.error.code, 'forbidden');
    }
    assert.equal((await app.request('GET', `/api/v1/admin/users/${user.id}`, undefined, as(admin))).status, 200);
  });

  it('lists users with search, filters, sorting and pagination, with balance, 30-day tokens, analyses and last activity', async () => {
    const tag = `zq${randomBytes(3).toString('hex')}`;
    const people = [];
    for (const n of ['Alpha', 'Bravo', 'Charlie']) people.push(await buildUser(app, { name: `${n} ${tag}` }));
    const { knex } = app.deps;
    const now = Date.now();
    await seedLedger(knex, people[0].id, 'analysis', 300, new Date(now - 2 * 86_400_000).toISOString());
    await seedLedger(knex, people[0].id, 'embedding', 20, new Date(now - HOUR).toISOString());
    await seedLedger(knex, people[0].id, 'analysis', 5000, new Date(now - 40 * 86_400_000).toISOString()); // older than 30 days
    await seedLedger(knex, people[1].id, 'analysis', 900, new Date(now - HOUR).toISOString());
    const projectId = await buildProject(app, people[2]);
    for (let i = 0; i < 3; i++) await seedAnalysis(knex, people[2].id, projectId, { status: 'succeeded', at: new Date(now - HOUR).toISOString() });
    await knex('users').where({ id: people[1].id }).update({ tier: 'pro' });

    const list = async (query: string) => {
      const res = await app.request('GET', `/api/v1/admin/users?q=${tag}&${query}`, undefined, as(admin));
      assert.equal(res.status, 200, res.text);
      return res.body;
    };
    const byTokens = await list('sort=tokens30d&order=desc');
    assert.equal(byTokens.pagination.total, 3);
    assert.deepEqual(byTokens.data.map((u: { name: string }) => u.name.split(' ')[0]), ['Bravo', 'Alpha', 'Charlie']);
    const alpha = byTokens.data[1];
    assert.equal(alpha.tokens30d, 320);
    assert.equal(alpha.balance, 50_000 - 5320);
    assert.equal(alpha.status, 'active');
    assert.equal(alpha.tier, 'basic');
    assert.equal(byTokens.data[0].tier, 'pro');
    assert.ok(Date.now() - Date.parse(alpha.lastActiveAt) < 10 * 60_000, 'signed up (active) just now');
    assert.deepEqual((await list('sort=analyses&order=desc')).data.map((u: { analyses: number }) => u.analyses), [3, 0, 0]);
    const page2 = await list('sort=name&order=asc&pageSize=2&page=2');
    assert.deepEqual(page2.data.map((u: { name: string }) => u.name.split(' ')[0]), ['Charlie']);
    assert.deepEqual(page2.pagination, { page: 2, pageSize: 2, total: 3 });
    const byEmail = await app.request('GET', `/api/v1/admin/users?q=${encodeURIComponent(people[1].email.toUpperCase())}`, undefined, as(admin));
    assert.deepEqual(byEmail.body.data.map((u: { id: string }) => u.id), [people[1].id]);
    assert.equal((await app.request('GET', '/api/v1/admin/users?q=%25', undefined, as(admin))).body.pagination.total, 0, '% is a literal');
    // A Korean query typed on macOS arrives decomposed (NFD); names are stored composed.
    const korean = await buildUser(app, { name: `김민지 ${tag}` });
    const nfd = await app.request('GET', `/api/v1/admin/users?q=${encodeURIComponent(`김민지 ${tag}`.normalize('NFD'))}`, undefined, as(admin));
    assert.deepEqual(nfd.body.data.map((u: { id: string }) => u.id), [korean.id]);

    for (const bad of ['sort=password', 'order=up', 'page=0', 'pageSize=1000', 'status=gone']) {
      const res = await app.request('GET', `/api/v1/admin/users?${bad}`, undefined, as(admin));
      assert.equal(res.status, 400, bad);
      assert.equal(res.body.error.code, 'validation');
    }
  });

  it('shows one user: figures, usage by day, ledger, activity and analyses; 404 for an unknown id', async () => {
    const { knex } = app.deps;
    const u = await buildUser(app);
    const today = new Date().toISOString().slice(0, 10);
    await seedLedger(knex, u.id, 'analysis', 123, new Date().toISOString());
    const projectId = await buildProject(app, u);
    const aid = await seedAnalysis(knex, u.id, projectId, { status: 'failed', at: new Date().toISOString(), latencyMs: 40 });
    await app.deps.activity.flush();
    const res = await app.request('GET', `/api/v1/admin/users/${u.id}`, undefined, as(admin));
    assert.equal(res.status, 200, res.text);
    const d = res.body.data;
    assert.equal(d.user.email, u.email);
    assert.equal(d.user.tokens30d, 123);
    assert.deepEqual(d.usage.series.at(-1), { period: today, analysis: 123, embedding: 0, total: 123 });
    assert.deepEqual(d.ledger.map((e: { kind: string; delta: number }) => [e.kind, e.delta]), [['analysis', -123], ['grant', 50_000]]);
    assert.deepEqual(d.usage.analyses.map((a: { id: string; status: string }) => [a.id, a.status]), [[aid, 'failed']]);
    assert.ok(d.usage.activity.some((a: { action: string }) => a.action === 'auth.signup'));
    assert.equal((await app.request('GET', '/api/v1/admin/users/00000000-0000-4000-8000-000000000000', undefined, as(admin))).status, 404);
    assert.equal((await app.request('GET', '/api/v1/admin/users/not-a-uuid', undefined, as(admin))).status, 400);
  });

  it('disables a user: sessions end, refresh and sign-in are refused, no tokens are spent; enable restores sign-in', async () => {
    const target = await buildUser(app);
    const projectId = await buildProject(app, target);
    const res = await app.request('POST', `/api/v1/admin/users/${target.id}/disable`, undefined, as(admin));
    assert.equal(res.status, 200, res.text);
    assert.equal(res.body.data.status, 'disabled');

    const me = await app.request('GET', '/api/v1/me', undefined, as(target));
    assert.equal(me.status, 401, 'the access token stopped working at once');
    assert.equal((await app.request('POST', '/api/v1/auth/refresh', { refreshToken: target.refreshToken })).status, 401);
    const login = await app.request('POST', '/api/v1/auth/login', { email: target.email, password: PASSWORD, client: 'addin' });
    assert.equal(login.status, 403);
    assert.equal(login.body.error.code, 'account_disabled');
    assert.equal((await app.request('POST', '/api/v1/analyses', analysisBody(projectId), as(target))).status, 401);
    const ledgerRows = await app.deps.knex('token_ledger').where({ userId: target.id }).count({ n: '*' });
    assert.equal(Number(ledgerRows[0].n), 1, 'only the sign-up grant');

    await app.deps.activity.flush();
    const audit = await app.deps.knex('activity').where({ userId: admin.id, action: 'admin.user_disabled', target: target.id }).first();
    assert.ok(audit, 'the admin action is in the activity log');
    const failed = await app.deps.knex('activity').where({ userId: target.id, action: 'auth.login_failed' }).first();
    assert.equal(failed.metadata.reason, 'disabled');

    const listed = await app.request('GET', `/api/v1/admin/users?status=disabled&q=${encodeURIComponent(target.email)}`, undefined, as(admin));
    assert.deepEqual(listed.body.data.map((u: { id: string }) => u.id), [target.id]);

    const enabled = await app.request('POST', `/api/v1/admin/users/${target.id}/enable`, undefined, as(admin));
    assert.equal(enabled.body.data.status, 'active');
    const again = await app.request('POST', '/api/v1/auth/login', { email: target.email, password: PASSWORD, client: 'addin' });
    assert.equal(again.status, 200, again.text);
    assert.equal((await app.request('GET', '/api/v1/me', undefined, { token: again.body.data.accessToken })).status, 200);
  });

  it('refuses to disable yourself and unknown users', async () => {
    const self = await app.request('POST', `/api/v1/admin/users/${admin.id}/disable`, undefined, as(admin));
    assert.equal(self.status, 409);
    assert.equal(self.body.error.code, 'cannot_disable_self');
    assert.equal((await app.request('POST', '/api/v1/admin/users/00000000-0000-4000-8000-000000000000/disable', undefined, as(admin))).status, 404);
  });
});

describe('admin: statistics equal hand-computed values', () => {
  let app: TestApp;
  let admin: SignedUpUser;

  before(async () => {
    app = await startTestApp({ STATS_CACHE_TTL_SECONDS: '0' });
    admin = await buildAdmin(app);
  });
  after(() => app.close());

  const stats = async (query = '') => {
    const res = await app.request('GET', `/api/v1/admin/stats?${query}`, undefined, { token: admin.accessToken });
    assert.equal(res.status, 200, res.text);
    return res.body.data;
  };

  it('counts users and active users (1, 7, 30 days)', async () => {
    await app.deps.activity.flush();
    const before = await stats();
    const people = [await buildUser(app), await buildUser(app), await buildUser(app), await buildUser(app)];
    await app.deps.activity.flush();
    const { knex } = app.deps;
    await knex('activity').whereIn('userId', people.map((p) => p.id)).delete();
    const now = Date.now();
    await seedActivity(knex, people[0].id, 'auth.login', new Date(now - 2 * HOUR));
    await seedActivity(knex, people[1].id, 'analysis.create', new Date(now - 3 * 86_400_000));
    await seedActivity(knex, people[2].id, 'document.upload', new Date(now - 20 * 86_400_000));
    await seedActivity(knex, people[3].id, 'auth.login_failed', new Date(now - HOUR)); // not activity of theirs
    await knex('users').where({ id: people[3].id }).update({ disabled: true });
    const after = await stats();
    assert.equal(after.users.total - before.users.total, 4);
    assert.equal(after.users.disabled - before.users.disabled, 1);
    assert.equal(after.users.active1d - before.users.active1d, 1);
    assert.equal(after.users.active7d - before.users.active7d, 2);
    assert.equal(after.users.active30d - before.users.active30d, 3);
  });

  it('reports tokens and analyses per day, error rate, p95 latency, top users and revenue for a seeded week', async () => {
    const { knex } = app.deps;
    const [u1, u2, u3] = [await buildUser(app, { name: 'Top One' }), await buildUser(app, { name: 'Top Two' }), await buildUser(app)];
    await seedLedger(knex, u1.id, 'analysis', 500, '2024-02-05T09:00:00Z');
    await seedLedger(knex, u1.id, 'embedding', 200, '2024-02-06T09:00:00Z');
    await seedLedger(knex, u2.id, 'analysis', 300, '2024-02-06T23:00:00Z');
    await seedLedger(knex, u2.id, 'purchase', 10_000, '2024-02-06T10:00:00Z'); // not usage
    await seedLedger(knex, u3.id, 'analysis', 999, '2024-02-12T00:00:00Z'); // after the range
    const p1 = await buildProject(app, u1);
    const p2 = await buildProject(app, u2);
    const at = (day: number) => `2024-02-0${day}T12:00:00Z`;
    let first = '';
    for (const [i, latencyMs] of [100, 200, 300, 400, 1000].entries()) {
      const id = await seedAnalysis(knex, i < 3 ? u1.id : u2.id, i < 3 ? p1 : p2, { status: 'succeeded', at: at(5 + (i % 2)), latencyMs });
      first ||= id;
    }
    await seedAnalysis(knex, u1.id, p1, { status: 'succeeded', at: at(6), latencyMs: 0, cachedFrom: first }); // a cached repeat
    await seedAnalysis(knex, u2.id, p2, { status: 'failed', at: at(6), latencyMs: 50_000 });
    await seedAnalysis(knex, u2.id, p2, { status: 'failed', at: at(7), latencyMs: 70_000 });
    await seedAnalysis(knex, u2.id, p2, { status: 'cancelled', at: at(7) });
    await seedPayment(knex, u1.id, { status: 'succeeded', amountCents: 1000, paidAt: '2024-02-05T08:00:00Z' });
    await seedPayment(knex, u2.id, { status: 'partially_refunded', amountCents: 2000, refundedCents: 500, paidAt: '2024-02-06T08:00:00Z' });
    await seedPayment(knex, u2.id, { status: 'refunded', amountCents: 3000, refundedCents: 3000, paidAt: '2024-02-06T09:00:00Z' });
    await seedPayment(knex, u2.id, { status: 'failed', amountCents: 999, paidAt: '2024-02-07T09:00:00Z' });
    await seedPayment(knex, u2.id, { status: 'pending', amountCents: 777, paidAt: '2024-02-07T09:00:00Z' });

    const d = await stats('from=2024-02-05&to=2024-02-11');
    assert.deepEqual(d.range, { from: '2024-02-05', to: '2024-02-11', granularity: 'day' });
    assert.equal(d.series.length, 7);
    const day = (p: string) => d.series.find((s: { period: string }) => s.period === p);
    assert.deepEqual(
      [day('2024-02-05').tokens, day('2024-02-06').tokens, day('2024-02-07').tokens, day('2024-02-08').tokens],
      [500, 500, 0, 0],
    );
    assert.equal(day('2024-02-06').embeddingTokens, 200);
    assert.deepEqual([day('2024-02-05').analyses, day('2024-02-06').analyses, day('2024-02-07').analyses], [3, 4, 2]);
    assert.deepEqual([day('2024-02-05').revenueCents, day('2024-02-06').revenueCents, day('2024-02-07').revenueCents], [1000, 1500, 0]);
    assert.equal(day('2024-02-06').errorRate, 1 / 4);
    assert.equal(d.totals.tokens, 1000);
    assert.equal(d.totals.analysisTokens, 800);
    assert.equal(d.totals.embeddingTokens, 200);
    assert.equal(d.totals.analyses, 9);
    assert.equal(d.totals.failed, 2);
    assert.equal(d.totals.errorRate, 2 / 8, 'failed / (succeeded incl. cached + failed); cancelled excluded');
    // percentile_cont over 100, 200, 300, 400, 1000: position 3.8 → 400 + 0.8 × 600.
    assert.equal(d.totals.p95LatencyMs, 880);
    assert.equal(d.totals.revenueCents, 2500);
    assert.equal(d.currency, 'usd');
    assert.deepEqual(d.topUsers.map((u: { id: string; tokens: number; analyses: number }) => [u.id, u.tokens, u.analyses]), [[u1.id, 700, 4], [u2.id, 300, 5]]);
    assert.deepEqual(Object.keys(d.live).sort(), ['analysesRunning', 'tokensToday']);

    const weekly = await stats('from=2024-02-05&to=2024-02-18&granularity=week');
    assert.deepEqual(weekly.series.map((s: { period: string; tokens: number }) => [s.period, s.tokens]), [['2024-02-05', 1000], ['2024-02-12', 999]]);
  });
});

describe('admin: statistics cache and live counters', () => {
  let app: TestApp;
  let admin: SignedUpUser;

  before(async () => {
    app = await startTestApp({ STATS_CACHE_TTL_SECONDS: '600' });
    admin = await buildAdmin(app);
  });
  after(() => app.close());

  it('serves cached statistics within the TTL and recomputes as soon as new usage is recorded', async () => {
    const get = async () => (await app.request('GET', '/api/v1/admin/stats', undefined, { token: admin.accessToken })).body.data;
    const first = await get();
    // A ledger row written behind the monitoring hooks' back is not seen while the cache holds…
    await seedLedger(app.deps.knex, admin.id, 'analysis', 11, new Date().toISOString());
    const cached = await get();
    assert.equal(cached.generatedAt, first.generatedAt);
    assert.equal(cached.totals.tokens, first.totals.tokens);
    // …but a real analysis bumps the usage version: the next read recomputes, well within the TTL.
    const projectId = await buildProject(app, admin);
    const res = await app.request('POST', '/api/v1/analyses', analysisBody(projectId), { token: admin.accessToken });
    assert.equal(res.status, 201, res.text);
    const charged = res.body.data.tokensCharged as number;
    assert.ok(charged > 0);
    const fresh = await get();
    assert.notEqual(fresh.generatedAt, first.generatedAt);
    assert.equal(fresh.totals.tokens, first.totals.tokens + 11 + charged);
    assert.equal(fresh.totals.analyses, first.totals.analyses + 1);
    assert.equal(fresh.live.tokensToday - first.live.tokensToday, charged, 'the live counter moved by the charge');
    assert.equal(fresh.live.analysesRunning, 0);
  });
});
