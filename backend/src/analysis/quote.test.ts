import assert from 'node:assert/strict';
import { after, before, describe, it } from 'mocha';
import { analysisBody, balanceOf, buildProject, seedDocument } from '../../test/analysis-fixtures.js';
import { startTestApp, type TestApp } from '../../test/app.js';
import { buildUser, type SignedUpUser } from '../../test/builders.js';
import { startFakeOpenAI, type ChatRequest, type FakeOpenAI } from '../../test/fake-openai.js';
import { seedAnalysis } from '../../test/monitoring-seed.js';
import { debit } from '../billing/ledger.js';
import { countPromptTokens } from './context.js';
import { MIN_SAMPLES } from './quote.js';

const as = (u: SignedUpUser) => ({ token: u.accessToken });

/** Every hold and analysis row of a user: a quote must add to neither. */
async function footprint(app: TestApp, userId: string): Promise<{ holds: number; analyses: number }> {
  const { knex } = app.deps;
  const [holds] = await knex('token_reservations').where({ userId }).count<{ n: string }[]>('id as n');
  const [analyses] = await knex('analyses').where({ userId }).count<{ n: string }[]>('id as n');
  return { holds: Number(holds.n), analyses: Number(analyses.n) };
}

describe('analysis quote: the local analyst', () => {
  let app: TestApp;
  let user: SignedUpUser;
  let projectId: string;

  before(async () => {
    app = await startTestApp({ STATS_CACHE_TTL_SECONDS: '0' });
    user = await buildUser(app);
    projectId = await buildProject(app, user);
  });
  after(() => app.close());

  it('quotes the exact price, holds and charges it, and stores the quote on the analysis; the quote itself holds nothing', async () => {
    const body = analysisBody(projectId, { prompt: 'Summarise revenue by month' });
    const before = await footprint(app, user.id);
    const balance = await balanceOf(app, user.accessToken);
    const res = await app.request('POST', '/api/v1/analyses/quote', body, as(user));
    assert.equal(res.status, 200, res.text);
    const q = res.body.data;
    const price = 20 + Math.ceil((21 * 50) / 1000); // 21 cells: base 20 + 50 per 1,000 cells
    assert.deepEqual([q.estimatedTokens, q.low, q.high], [price, price, price]);
    assert.equal(q.balanceAfter, balance.available - price);
    assert.equal(q.covered, true);
    assert.equal(q.basis.local, true);
    assert.equal(q.basis.model, 'local-analyst');
    assert.equal(q.basis.cells, 21);
    assert.equal(q.basis.outputFrom, 'none');
    assert.ok(q.basis.promptTokens > 0);
    assert.deepEqual(q.basis.price, { input: 50, output: 0, base: 20 });
    assert.deepEqual(await footprint(app, user.id), before, 'a quote writes no row and holds nothing');
    assert.equal((await balanceOf(app, user.accessToken)).reserved, 0);

    const run = await app.request('POST', '/api/v1/analyses', body, as(user));
    assert.equal(run.status, 201, run.text);
    const a = run.body.data;
    assert.equal(a.tokensReserved, q.high, 'the hold is the quote’s high');
    assert.equal(a.tokensCharged, q.estimatedTokens, 'the local analyst is charged what it was quoted');
    assert.deepEqual(a.quote, { estimatedTokens: price, low: price, high: price });
    const row = await app.deps.knex('analyses').where({ id: a.id }).first();
    assert.deepEqual([Number(row.quoteEstimated), Number(row.quoteLow), Number(row.quoteHigh)], [price, price, price]);

    // The same request again would be served from the cache: free, and the quote says so.
    const again = await app.request('POST', '/api/v1/analyses/quote', body, as(user));
    assert.equal(again.status, 200, again.text);
    assert.deepEqual([again.body.data.estimatedTokens, again.body.data.high, again.body.data.basis.cached], [0, 0, true]);
  });

  it('answers 400 to a bad body, 401 without a session and 404 for another user’s project', async () => {
    const noPrompt = await app.request('POST', '/api/v1/analyses/quote', analysisBody(projectId, { prompt: '' }), as(user));
    assert.equal(noPrompt.status, 400, noPrompt.text);
    assert.equal(noPrompt.body.error.code, 'validation');
    const badRange = await app.request('POST', '/api/v1/analyses/quote', analysisBody(projectId, { selection: { sheet: 'S', ranges: [{ address: 'nowhere', values: [[1]] }] } }), as(user));
    assert.equal(badRange.status, 400, badRange.text);
    assert.equal((await app.request('POST', '/api/v1/analyses/quote', analysisBody(projectId))).status, 401);
    const stranger = await buildUser(app);
    const foreign = await app.request('POST', '/api/v1/analyses/quote', analysisBody(projectId), as(stranger));
    assert.equal(foreign.status, 404, foreign.text);
    assert.equal(foreign.body.error.code, 'not_found');
  });

  it('says when the balance would not cover the run (covered false, negative balance after), and the run is then refused', async () => {
    const poor = await buildUser(app);
    const project = await buildProject(app, poor);
    const { available } = await balanceOf(app, poor.accessToken);
    await debit(app.deps.knex, { userId: poor.id, amount: available - 10, kind: 'adjust', idempotencyKey: `drain:${poor.id}` });
    const body = analysisBody(project, { prompt: 'Summarise revenue' });
    const q = (await app.request('POST', '/api/v1/analyses/quote', body, as(poor))).body.data;
    assert.equal(q.covered, false);
    assert.equal(q.balanceAfter, 10 - q.estimatedTokens);
    const run = await app.request('POST', '/api/v1/analyses', body, as(poor));
    assert.equal(run.status, 402, run.text);
  });
});

describe('analysis quote: an OpenAI-compatible model and the history of settled runs', () => {
  let fake: FakeOpenAI;
  let app: TestApp;
  let user: SignedUpUser;
  let projectId: string;
  /** Output tokens the fake reports; its prompt tokens are counted as a real server would, with the tokenizer. */
  let completion = 120;

  before(async () => {
    fake = await startFakeOpenAI();
    fake.reply = (req: ChatRequest) => ({ text: 'Revenue rose from 1200 [B2] to 1700 [B7].', usage: { prompt_tokens: countPromptTokens(req.messages as never), completion_tokens: completion } });
    app = await startTestApp({ OPENAI_BASE_URL: fake.baseUrl, CHAT_PROVIDER: 'openai', EMBEDDING_PROVIDER: 'local', CHAT_MODEL: 'gpt-4o-mini', ANALYSIS_MAX_OUTPUT_TOKENS: '400' });
    user = await buildUser(app);
    projectId = await buildProject(app, user);
    await seedDocument(app, user.id, projectId, 'report.pdf', ['Revenue grew 41% over the half year; the May licence deal added 7,400 in revenue.', 'Costs stayed flat at about 800 a month.']);
  });
  after(async () => {
    await app.close();
    await fake.close();
  });

  const quote = async (prompt: string) => {
    const res = await app.request('POST', '/api/v1/analyses/quote', analysisBody(projectId, { prompt }), as(user));
    assert.equal(res.status, 200, res.text);
    return res.body.data;
  };
  const run = async (prompt: string) => {
    const res = await app.request('POST', '/api/v1/analyses', analysisBody(projectId, { prompt }), as(user));
    assert.equal(res.status, 201, res.text);
    return res.body.data;
  };

  it('without history: the default output, and a high of the prompt plus the most the model may write, which the run holds', async () => {
    const q = await quote('Summarise the revenue growth (first)');
    assert.equal(q.basis.outputFrom, 'default');
    assert.equal(q.basis.local, false);
    assert.ok(q.basis.passages > 0, 'the passages that would be retrieved are counted');
    assert.equal(q.basis.outputHigh, 400);
    assert.equal(q.high, Math.ceil((Math.ceil(q.basis.promptTokens * 1.02) * 1000 + 400 * 4000) / 1000));
    assert.equal(q.estimatedTokens, Math.ceil((q.basis.promptTokens * 1000 + q.basis.outputTokens * 4000) / 1000));
    assert.ok(q.low <= q.estimatedTokens && q.estimatedTokens <= q.high);
    const a = await run('Summarise the revenue growth (first)');
    assert.equal(a.tokensReserved, q.high);
    assert.equal(a.tokensIn, q.basis.promptTokens, 'the quote counted exactly the messages the model was sent');
    assert.ok(a.tokensCharged <= q.high);
  });

  it('learns from settled runs: with history the quote meets the settled cost, and the hold is the quote’s high', async () => {
    for (let i = 0; i < MIN_SAMPLES; i++) await run(`Summarise the revenue growth (seed ${i})`);
    const prompt = 'Summarise the revenue growth (measured)';
    const q = await quote(prompt);
    assert.equal(q.basis.outputFrom, 'history');
    assert.ok(q.basis.samples >= MIN_SAMPLES);
    assert.equal(q.basis.outputTokens, completion);
    const balance = await balanceOf(app, user.accessToken);
    const a = await run(prompt);
    assert.equal(a.tokensReserved, q.high);
    assert.deepEqual(a.quote, { estimatedTokens: q.estimatedTokens, low: q.low, high: q.high });
    assert.equal(a.tokensCharged, q.estimatedTokens, 'settled = quoted when the output is as long as before');
    assert.ok(q.high < Math.ceil(q.basis.promptTokens * 1.02) + 400 * 4, 'the hold is tighter than prompt + max output');
    const after = await balanceOf(app, user.accessToken);
    assert.equal(balance.balance - after.balance, a.tokensCharged);
    assert.equal(after.reserved, 0);
  });

  it('settles the real usage when it is above the hold: the charge is the usage, nothing stays held', async () => {
    const q = await quote('Summarise the revenue growth (long answer)');
    completion = 2000; // far above the prediction and even above max_tokens: a server that overran
    try {
      const before = await balanceOf(app, user.accessToken);
      const a = await run('Summarise the revenue growth (long answer)');
      assert.equal(a.tokensReserved, q.high);
      const cost = Math.ceil((a.tokensIn * 1000 + 2000 * 4000) / 1000);
      assert.ok(cost > q.high);
      assert.equal(a.tokensCharged, cost);
      const after = await balanceOf(app, user.accessToken);
      assert.equal(before.balance - after.balance, cost);
      assert.equal(after.reserved, 0);
    } finally {
      completion = 120;
    }
  });
});

describe('admin statistics: quote accuracy', () => {
  let app: TestApp;

  before(async () => {
    app = await startTestApp({ STATS_CACHE_TTL_SECONDS: '0' });
  });
  after(() => app.close());

  it('equals the hand-computed median error and high coverage of the period’s settled, quoted runs', async () => {
    const admin = await buildUser(app);
    await app.deps.knex('users').where({ id: admin.id }).update({ role: 'admin' });
    const owner = await buildUser(app);
    const project = await buildProject(app, owner);
    const { knex } = app.deps;
    const seed = async (status: 'succeeded' | 'failed', charged: number | null, quote: [number, number, number] | null, extra: { cachedFrom?: string; at?: string } = {}) => {
      const id = await seedAnalysis(knex, owner.id, project, { status, at: extra.at ?? '2024-03-05T12:00:00Z', tokensCharged: charged ?? undefined, cachedFrom: extra.cachedFrom });
      if (quote) await knex('analyses').where({ id }).update({ quoteEstimated: quote[0], quoteLow: quote[1], quoteHigh: quote[2] });
      return id;
    };
    const first = await seed('succeeded', 100, [90, 80, 120]); //   |100−90|/100  = 0.10, covered
    await seed('succeeded', 200, [230, 150, 250]); //               |200−230|/200 = 0.15, covered
    await seed('succeeded', 400, [300, 250, 380]); //               |400−300|/400 = 0.25, not covered
    await seed('succeeded', 50, [50, 50, 50]); //                   0, covered (high = settled)
    await seed('succeeded', 0, [0, 0, 0], { cachedFrom: first }); // a cached repeat: left out
    await seed('failed', null, [70, 60, 90]); //                   not settled: left out
    await seed('succeeded', 300, null); //                          from before quotes: left out
    await seed('succeeded', 100, [10, 10, 10], { at: '2024-03-20T12:00:00Z' }); // outside the range
    const res = await app.request('GET', '/api/v1/admin/stats?from=2024-03-04&to=2024-03-10', undefined, as(admin));
    assert.equal(res.status, 200, res.text);
    // Errors 0, 0.10, 0.15, 0.25: percentile_cont(0.5) = (0.10 + 0.15) / 2.
    assert.equal(res.body.data.quotes.runs, 4);
    assert.ok(Math.abs(res.body.data.quotes.medianError - 0.125) < 1e-9, String(res.body.data.quotes.medianError));
    assert.equal(res.body.data.quotes.highCoverage, 3 / 4);
    const empty = await app.request('GET', '/api/v1/admin/stats?from=2024-01-01&to=2024-01-07', undefined, as(admin));
    assert.deepEqual(empty.body.data.quotes, { runs: 0, medianError: null, highCoverage: null });
  });
});
