import assert from 'node:assert/strict';
import { after, before, describe, it } from 'mocha';
import { buildProject } from '../../test/analysis-fixtures.js';
import { startTestApp, type TestApp } from '../../test/app.js';
import { buildUser, type SignedUpUser } from '../../test/builders.js';
import { seedActivity, seedAnalysis, seedLedger } from '../../test/monitoring-seed.js';

describe('monitoring: GET /me/usage', () => {
  let app: TestApp;
  let u: SignedUpUser;
  let v: SignedUpUser;
  const ids: Record<string, string> = {};

  before(async () => {
    app = await startTestApp();
    u = await buildUser(app);
    v = await buildUser(app);
    const { knex } = app.deps;
    // March 2025: Monday 3rd … Sunday 16th, plus a row in April and a credit that is not usage.
    await seedLedger(knex, u.id, 'analysis', 100, '2025-03-03T10:00:00Z');
    await seedLedger(knex, u.id, 'analysis', 250, '2025-03-03T23:59:59Z');
    await seedLedger(knex, u.id, 'embedding', 40, '2025-03-04T00:00:00Z');
    await seedLedger(knex, u.id, 'purchase', 500, '2025-03-05T12:00:00Z');
    await seedLedger(knex, u.id, 'embedding', 10, '2025-03-10T12:00:00Z');
    await seedLedger(knex, u.id, 'analysis', 1000, '2025-04-01T08:00:00Z');
    await seedLedger(knex, v.id, 'analysis', 777, '2025-03-03T12:00:00Z');
    const projectId = await buildProject(app, u);
    ids.ok = await seedAnalysis(knex, u.id, projectId, { status: 'succeeded', at: '2025-03-03T10:00:00Z', latencyMs: 1200, tokensIn: 60, tokensOut: 40, tokensCharged: 100 });
    ids.failed = await seedAnalysis(knex, u.id, projectId, { status: 'failed', at: '2025-03-05T10:00:00Z', latencyMs: 300 });
    ids.late = await seedAnalysis(knex, u.id, projectId, { status: 'succeeded', at: '2025-04-01T08:00:00Z', latencyMs: 900, tokensCharged: 1000 });
    await seedActivity(knex, u.id, 'auth.login', '2025-03-04T09:00:00Z');
    // Billing writes payment rows as `payment.*`; they show like any other action.
    await seedActivity(knex, u.id, 'payment.succeeded', '2025-03-05T12:00:00Z', 'R-001234');
    await seedActivity(knex, v.id, 'auth.login', '2025-03-04T09:30:00Z');
    await knex('model_calls').insert([
      { userId: u.id, kind: 'chat', provider: 'local', model: 'local-analyst', tokensIn: 60, tokensOut: 40, costTokens: 100, chargedTokens: 100, latencyMs: 800, analysisId: ids.ok, status: 'ok', createdAt: new Date('2025-03-03T10:00:00Z') },
      { userId: u.id, kind: 'chat', provider: 'openai', model: 'gpt-4o-mini', status: 'failed', error: '=HYPERLINK("x"), boom', createdAt: new Date('2025-03-05T10:00:00Z') },
      { userId: v.id, kind: 'chat', provider: 'local', model: 'local-analyst', tokensIn: 1, chargedTokens: 777, status: 'ok', createdAt: new Date('2025-03-03T12:00:00Z') },
    ]);
  });
  after(() => app.close());

  const get = (user: SignedUpUser, query: string) => app.request('GET', `/api/v1/me/usage?${query}`, undefined, { token: user.accessToken });

  it('gives tokens per day and kind, analyses with status/latency/tokens, and activity, for the range', async () => {
    const res = await get(u, 'from=2025-03-03&to=2025-03-09');
    assert.equal(res.status, 200, res.text);
    const d = res.body.data;
    assert.deepEqual(d.range, { from: '2025-03-03', to: '2025-03-09', granularity: 'day' });
    assert.equal(d.series.length, 7);
    assert.deepEqual(d.series[0], { period: '2025-03-03', analysis: 350, embedding: 0, total: 350 });
    assert.deepEqual(d.series[1], { period: '2025-03-04', analysis: 0, embedding: 40, total: 40 });
    assert.ok(d.series.slice(2).every((p: { total: number }) => p.total === 0), 'the purchase is not usage');
    assert.deepEqual(d.totals, { tokens: 390, byKind: { analysis: 350, embedding: 40 }, analyses: 2, succeeded: 1, failed: 1, cancelled: 0 });
    assert.deepEqual(d.analyses.map((a: { id: string }) => a.id), [ids.failed, ids.ok]);
    const ok = d.analyses[1];
    assert.equal(ok.status, 'succeeded');
    assert.equal(ok.latencyMs, 1200);
    assert.equal(ok.tokensCharged, 100);
    assert.deepEqual(d.activity.map((a: { action: string }) => a.action), ['payment.succeeded', 'auth.login']);
    assert.equal(d.activity[0].target, 'R-001234');
  });

  it('buckets by ISO week and by month', async () => {
    const weeks = (await get(u, 'from=2025-03-03&to=2025-03-16&granularity=week')).body.data.series;
    assert.deepEqual(weeks.map((p: { period: string; total: number }) => [p.period, p.total]), [['2025-03-03', 390], ['2025-03-10', 10]]);
    const months = (await get(u, 'from=2025-03-01&to=2025-04-30&granularity=month')).body.data;
    assert.deepEqual(months.series.map((p: { period: string; analysis: number; embedding: number }) => [p.period, p.analysis, p.embedding]), [['2025-03-01', 350, 50], ['2025-04-01', 1000, 0]]);
    assert.equal(months.totals.tokens, 1400);
  });

  it('shows users only their own usage', async () => {
    const d = (await get(v, 'from=2025-03-03&to=2025-03-09')).body.data;
    assert.equal(d.totals.tokens, 777);
    assert.equal(d.analyses.length, 0);
    assert.deepEqual(d.activity.map((a: { action: string }) => a.action), ['auth.login']);
    const csv = (await app.request('GET', '/api/v1/me/usage.csv?from=2025-03-01&to=2025-03-31', undefined, { token: v.accessToken })).text;
    assert.equal(csv.trim().split('\r\n').length, 2, 'header + V’s one call');
    assert.ok(!csv.includes(ids.ok));
  });

  it('exports the per-call trail as CSV, quoted and safe to open in a spreadsheet', async () => {
    const res = await app.request('GET', '/api/v1/me/usage.csv?from=2025-03-01&to=2025-03-31', undefined, { token: u.accessToken });
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^text\/csv/);
    assert.match(res.headers.get('content-disposition') ?? '', /attachment; filename="intellio-usage-2025-03-01\.csv"/);
    const lines = res.text.trim().split('\r\n');
    assert.equal(lines[0], 'time,kind,model,status,tokens_in,tokens_out,cost_tokens,charged_tokens,latency_ms,analysis_id,document_id,ledger_entry_id,error');
    assert.equal(lines.length, 3);
    assert.equal(lines[1], `2025-03-03T10:00:00.000Z,chat,local-analyst,ok,60,40,100,100,800,${ids.ok},,,`);
    assert.equal(lines[2], `2025-03-05T10:00:00.000Z,chat,gpt-4o-mini,failed,0,0,0,0,,,,,"'=HYPERLINK(""x""), boom"`);
  });

  it('validates the range and needs a session', async () => {
    assert.equal((await app.request('GET', '/api/v1/me/usage')).status, 401);
    assert.equal((await app.request('GET', '/api/v1/me/usage.csv')).status, 401);
    for (const [query, message] of [
      ['from=2025-02-30', /query\.from: is not a real date/],
      ['from=yesterday', /query\.from: must be a date/],
      ['granularity=hour', /query\.granularity: must be day, week or month/],
      ['from=2025-03-10&to=2025-03-01', /query\.from: from must not be after to/],
      ['from=2020-01-01&to=2025-01-01', /at most 731 days/],
      // Dates the database cannot take (year 0, an exclusive end in year 10000) are refused, not a 500.
      ['to=9999-12-31', /query\.to: must be between 1970-01-01 and 9998-12-31/],
      ['to=0000-01-01', /query\.to: must be between 1970-01-01 and 9998-12-31/],
      ['from=9998-01-01&to=9999-12-31&granularity=week', /query\.to: must be between 1970-01-01 and 9998-12-31/],
      ['from=1969-12-31&to=1970-01-01', /query\.from: must be between 1970-01-01 and 9998-12-31/],
    ] as const) {
      const res = await get(u, query);
      assert.equal(res.status, 400, query);
      assert.equal(res.body.error.code, 'validation');
      assert.match(res.body.error.message, message);
    }
    const d = (await get(u, '')).body.data;
    assert.equal(d.series.length, 30, 'the last 30 days by default');
    // The bounds themselves are fine.
    assert.equal((await get(u, 'from=9998-01-01&to=9998-12-31&granularity=week')).status, 200);
    assert.equal((await get(u, 'from=1970-01-01&to=1970-01-31')).status, 200);
    assert.equal(d.range.to, new Date().toISOString().slice(0, 10));
  });

  it('refuses out-of-range dates on the CSV export and the admin statistics with a 400', async () => {
    const admin = await buildUser(app);
    await app.deps.knex('users').where({ id: admin.id }).update({ role: 'admin' });
    const paths = ['/api/v1/me/usage.csv', '/api/v1/admin/stats', `/api/v1/admin/users/${u.id}`];
    for (const path of paths) {
      for (const query of ['to=9999-12-31', 'from=0000-01-01', 'from=9998-01-01&to=9999-12-31&granularity=week']) {
        const res = await app.request('GET', `${path}?${query}`, undefined, { token: admin.accessToken });
        assert.equal(res.status, 400, `${path}?${query}: ${res.text.slice(0, 200)}`);
        assert.equal(res.body.error.code, 'validation');
        assert.match(res.body.error.message, /must be between 1970-01-01 and 9998-12-31/);
      }
      const ok = await app.request('GET', `${path}?from=9998-12-01&to=9998-12-31`, undefined, { token: admin.accessToken });
      assert.equal(ok.status, 200, `${path}: ${ok.text.slice(0, 200)}`);
    }
  });
});
