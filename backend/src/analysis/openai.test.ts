import assert from 'node:assert/strict';
import { after, before, describe, it } from 'mocha';
import { startTestApp, type TestApp } from '../../test/app.js';
import { buildUser, type SignedUpUser } from '../../test/builders.js';
import { startFakeOpenAI, type ChatRequest, type FakeOpenAI } from '../../test/fake-openai.js';
import { analysisBody, balanceOf, buildProject, postStream, seedDocument, waitForAnalysis } from '../../test/analysis-fixtures.js';
import { credit, debit } from '../billing/ledger.js';
import { liveCounters } from '../monitoring/live.js';
import { redisUrl } from '../../test/db.js';

/** The id the server gave the passage from `page` of `file` in the request it sent the model. */
function passageId(req: ChatRequest, file: string, page: number): string {
  const user = req.messages.find((m) => m.role === 'user')?.content ?? '';
  const m = new RegExp(`\\[(P\\d+)\\] ${file.replace('.', '\\.')}, page ${page}:`).exec(user);
  if (!m) throw new Error(`no passage for ${file} p.${page} in:\n${user}`);
  return m[1];
}

const chatRequests = (fake: FakeOpenAI) => fake.requests.filter((r) => r.path.endsWith('/chat/completions'));

describe('analyses with an OpenAI-compatible model', () => {
  let fake: FakeOpenAI;
  let app: TestApp;
  let user: SignedUpUser;
  let projectId: string;
  let reportId: string;

  before(async () => {
    fake = await startFakeOpenAI();
    app = await startTestApp({
      OPENAI_BASE_URL: fake.baseUrl,
      EMBEDDING_PROVIDER: 'local',
      CHAT_MODEL: 'gpt-4o-mini',
      CHAT_MAX_RETRIES: '2',
      ANALYSIS_TIMEOUT_SECONDS: '1.5',
      ANALYSIS_QUEUE_THRESHOLD_CELLS: '100',
      RUN_WORKERS_IN_PROCESS: 'true',
      ANALYSIS_MAX_OUTPUT_TOKENS: '100',
    });
    user = await buildUser(app);
    projectId = await buildProject(app, user);
    reportId = await seedDocument(app, user.id, projectId, 'report.pdf', [
      'Overview of the year and the board.',
      'Revenue grew 41% over the half year; the May licence deal added 7,400 in revenue.',
      'Costs stayed flat at about 800 a month.',
    ]);
    // Another user's document with the same words must never reach this user's model context.
    const stranger = await buildUser(app);
    await seedDocument(app, stranger.id, await buildProject(app, stranger), 'secret.pdf', ['Revenue grew because of a secret revenue deal.']);
  });
  after(async () => {
    await app.close();
    await fake.close();
  });

  it('streams the answer and maps cited ids to the right document and page', async () => {
    fake.reply = (req) => ({ text: `Revenue rose from 1200 (B2) to 1700 (B7), +41.7%, lifted by the May licence deal [${passageId(req, 'report.pdf', 2)}].`, chunkDelayMs: 2 });
    const before = await balanceOf(app, user.accessToken);
    const { status, events } = await postStream(app, '/api/v1/analyses', analysisBody(projectId, { prompt: 'Explain the revenue growth' }), user.accessToken);
    assert.equal(status, 200);
    assert.ok(events.filter((e) => e.event === 'delta').length > 5, 'streamed in pieces');
    const done = events.at(-1);
    assert.equal(done?.event, 'done', JSON.stringify(events.at(-1)));
    const a = done?.data.analysis;
    assert.equal(a.engine, 'openai');
    assert.equal(a.model, 'gpt-4o-mini');
    assert.equal(a.citations.length, 1);
    assert.deepEqual(
      { documentId: a.citations[0].documentId, documentName: a.citations[0].documentName, page: a.citations[0].page },
      { documentId: reportId, documentName: 'report.pdf', page: 2 },
    );
    assert.match(a.citations[0].quote, /May licence deal/);
    assert.match(a.citations[0].url, /#page=2$/);
    // Scope: the selected cells with addresses, the project's passages, and nothing from elsewhere.
    const sent = chatRequests(fake).at(-1)?.body as ChatRequest;
    const context = sent.messages.map((m) => m.content).join('\n');
    assert.match(context, /B6=9100/);
    assert.match(context, /\[P\d\] report\.pdf, page 2:/);
    assert.doesNotMatch(context, /secret/);
    assert.equal(sent.stream, true);
    // Billing: usage reported by the server, priced per model, settled; nothing left held.
    const after = await balanceOf(app, user.accessToken);
    assert.equal(after.reserved, 0);
    assert.equal(before.balance - after.balance, a.tokensCharged);
    assert.equal(a.tokensCharged, Math.ceil((a.tokensIn * 1000 + a.tokensOut * 4000) / 1000));
  });

  it('drops citations to ids that were not given, and records them', async () => {
    fake.reply = (req) => ({ text: `Costs are flat [${passageId(req, 'report.pdf', 3)}]. Profit doubled [P9][P42, ${passageId(req, 'report.pdf', 3)}].` });
    const res = await app.request('POST', '/api/v1/analyses', analysisBody(projectId, { prompt: 'Summarise costs versus profit' }), { token: user.accessToken });
    assert.equal(res.status, 201, res.text);
    const a = res.body.data;
    assert.deepEqual(a.droppedCitations, ['P9', 'P42']);
    assert.equal(a.citations.length, 1);
    assert.equal(a.citations[0].page, 3);
    assert.doesNotMatch(a.answer, /P9|P42/);
    const row = await app.deps.knex('analyses').where({ id: a.id }).first();
    assert.deepEqual(row.droppedCitations, ['P9', 'P42']);
  });

  it('tells the model which passages were read by OCR from a scan, and flags their citations', async () => {
    const project = await buildProject(app, user, 'Scanned archive');
    const scanId = await seedDocument(app, user.id, project, 'archive.pdf', [
      'Revenue in May came from the licence deal signed in April.',
      'The May licence deal brought 7,400 in revenue, paid in one instalment.',
    ]);
    await app.deps.knex('documents').where({ id: scanId }).update({ ocrPages: 1, ocrPageNumbers: [2] });
    const header = (req: ChatRequest, page: number) => {
      const user = req.messages.find((m) => m.role === 'user')?.content ?? '';
      const m = new RegExp(`\\[(P\\d+)\\] archive\\.pdf, page ${page}( \\(a scanned page read by OCR; it may hold recognition errors\\))?:`).exec(user);
      if (!m) throw new Error(`no passage for archive.pdf p.${page} in:\n${user}`);
      return { id: m[1], ocr: Boolean(m[2]) };
    };
    let seen: Array<{ id: string; ocr: boolean }> = [];
    fake.reply = (req) => {
      seen = [header(req, 1), header(req, 2)];
      return { text: `The May spike is the licence deal [${seen[0].id}], paid at once [${seen[1].id}].` };
    };
    const res = await app.request('POST', '/api/v1/analyses', analysisBody(project, { prompt: 'Why did revenue spike in May? Check the licence deal.' }), { token: user.accessToken });
    assert.equal(res.status, 201, res.text);
    assert.deepEqual(seen.map((s) => s.ocr), [false, true], 'only the scanned page carries the OCR note');
    const cites = res.body.data.citations as Array<{ page: number; ocr: boolean }>;
    assert.deepEqual(cites.map((c) => [c.page, c.ocr]), [[1, false], [2, true]]);
    // A reloaded analysis says the same.
    const again = await app.request('GET', `/api/v1/analyses/${res.body.data.id}`, undefined, { token: user.accessToken });
    assert.deepEqual(again.body.data.citations.map((c: { ocr: boolean }) => c.ocr), [false, true]);
  });

  it('retries a 429 from the model and then succeeds', async () => {
    const n = chatRequests(fake).length;
    fake.queue({ status: 429 }, { text: 'Fine after a retry.' });
    const res = await app.request('POST', '/api/v1/analyses', analysisBody(projectId, { prompt: 'Summarise after a rate limit' }), { token: user.accessToken });
    assert.equal(res.status, 201, res.text);
    assert.equal(res.body.data.answer, 'Fine after a retry.');
    assert.equal(chatRequests(fake).length - n, 2);
  });

  it('fails on a model timeout, releases the hold and leaves the balance unchanged', async () => {
    const before = await balanceOf(app, user.accessToken);
    fake.queue({ delayMs: 4000, text: 'too late' }, { delayMs: 4000, text: 'too late' }, { delayMs: 4000, text: 'too late' });
    const res = await app.request('POST', '/api/v1/analyses', analysisBody(projectId, { prompt: 'Summarise slowly' }), { token: user.accessToken });
    assert.equal(res.status, 504, res.text);
    assert.equal(res.body.error.code, 'model_timeout');
    const id = res.body.error.details.analysis.id;
    const a = (await app.request('GET', `/api/v1/analyses/${id}`, undefined, { token: user.accessToken })).body.data;
    assert.equal(a.status, 'failed');
    assert.equal(a.error.code, 'model_timeout');
    assert.deepEqual(await balanceOf(app, user.accessToken), before);
    const hold = await app.deps.knex('token_reservations').where({ reference: `analysis:${id}` }).first();
    assert.equal(hold.status, 'released');
  });

  it('ends the stream (and answers 404) when the project is deleted mid-run, letting go of the hold at once', async () => {
    const owner = await buildUser(app);
    const before = await balanceOf(app, owner.accessToken);
    const runningBefore = (await liveCounters(app.deps)).analysesRunning;
    const words = Array.from({ length: 20 }, (_, i) => `word${i}`).join(' ');
    /** Starts a run, waits until the model is writing, then deletes its project. */
    const deletedMidRun = async <T>(run: (project: string) => Promise<T>): Promise<T> => {
      const project = await buildProject(app, owner, `Doomed ${Math.random()}`);
      fake.queue({ text: words, chunkDelayMs: 40 });
      const result = run(project);
      let running = false;
      for (let i = 0; i < 200 && !running; i += 1) {
        await new Promise((r) => setTimeout(r, 10));
        running = (await app.deps.knex('analyses').where({ projectId: project, status: 'running' })).length > 0;
      }
      assert.ok(running, 'the analysis never started');
      assert.equal((await app.request('DELETE', `/api/v1/projects/${project}`, undefined, { token: owner.accessToken })).status, 204);
      return result;
    };
    const { events } = await deletedMidRun((project) => postStream(app, '/api/v1/analyses', analysisBody(project, { prompt: 'Summarise revenue' }), owner.accessToken));
    assert.deepEqual(events.at(-1), { event: 'error', data: { error: { code: 'not_found', message: 'Analysis not found.' } } });
    const json = await deletedMidRun((project) => app.request('POST', '/api/v1/analyses', analysisBody(project, { prompt: 'Summarise costs' }), { token: owner.accessToken }));
    assert.equal(json.status, 404, json.text);
    assert.deepEqual(await balanceOf(app, owner.accessToken), before);
    assert.equal((await app.deps.knex('token_reservations').where({ userId: owner.id, status: 'held' })).length, 0);
    // Nor do they stay on the live "analyses running" gauge.
    assert.equal((await liveCounters(app.deps)).analysesRunning, runningBefore);
  });

  it('cancels a queued large analysis while the model is working: job cancelled, nothing charged', async () => {
    const before = await balanceOf(app, user.accessToken);
    fake.queue({ delayMs: 700, text: 'late answer' });
    const big = { sheet: 'Data', ranges: [{ address: 'A1:J20', values: Array.from({ length: 20 }, (_, r) => Array.from({ length: 10 }, (_, c) => r + c)) }] };
    const queued = await app.request('POST', '/api/v1/analyses', analysisBody(projectId, { selection: big, prompt: 'Summarise the grid' }), { token: user.accessToken });
    assert.equal(queued.status, 202, queued.text);
    const id = queued.body.data.analysis.id;
    assert.ok((await balanceOf(app, user.accessToken)).reserved > 0);
    const cancel = await app.request('POST', `/api/v1/analyses/${id}/cancel`, undefined, { token: user.accessToken });
    assert.equal(cancel.body.data.status, 'cancelled');
    await new Promise((r) => setTimeout(r, 800)); // let the aborted model call come back
    const a = await waitForAnalysis(app, user.accessToken, id);
    assert.equal(a.status, 'cancelled');
    assert.equal(a.answer, null);
    const job = await app.deps.knex('jobs').where({ id: queued.body.data.jobId }).first();
    assert.equal(job.status, 'cancelled');
    assert.deepEqual(await balanceOf(app, user.accessToken), before);
  });
});

describe('analyses under concurrency (token ledger)', () => {
  let fake: FakeOpenAI;
  let app: TestApp;

  before(async () => {
    fake = await startFakeOpenAI();
    app = await startTestApp({ OPENAI_BASE_URL: fake.baseUrl, EMBEDDING_PROVIDER: 'local', CHAT_MODEL: 'gpt-4o-mini', ANALYSIS_MAX_OUTPUT_TOKENS: '100', ANALYSIS_TIMEOUT_SECONDS: '300', ANALYSIS_RATE_LIMIT_PER_MINUTE: '1000' });
  });
  after(async () => {
    await app.close();
    await fake.close();
  });

  it('lets exactly 10 of 50 concurrent analyses through when the balance covers 10, never below zero', async function () {
    this.timeout(120_000);
    const buyer = await buildUser(app);
    const project = await buildProject(app, buyer);
    const { knex } = app.deps;
    const start = await balanceOf(app, buyer.accessToken);
    await debit(knex, { userId: buyer.id, amount: start.balance, kind: 'adjust', idempotencyKey: `zero:${buyer.id}` });
    // Distinct cells (no cache hits), same token count for every request.
    const bodies = Array.from({ length: 50 }, (_, i) =>
      analysisBody(project, { prompt: 'Summarise the figures', selection: { sheet: 'S', ranges: [{ address: 'A1:B2', values: [['x', 'y'], [100 + i, 200]] }] } }),
    );
    const dry = await Promise.all(bodies.map((b) => app.request('POST', '/api/v1/analyses', b, { token: buyer.accessToken })));
    assert.ok(dry.every((r) => r.status === 402));
    const needed = dry[0].body.error.details.needed as number;
    assert.ok(dry.every((r) => r.body.error.details.needed === needed));
    await credit(knex, { userId: buyer.id, amount: needed * 10, kind: 'purchase', idempotencyKey: `ten:${buyer.id}` });
    // The model reports exactly the reserved usage, so each success costs exactly one estimate.
    fake.reply = () => ({ text: 'Done.', usage: { prompt_tokens: needed - 400, completion_tokens: 100 } });
    const results = await Promise.all(bodies.map((b) => app.request('POST', '/api/v1/analyses', b, { token: buyer.accessToken })));
    const statuses = results.map((r) => r.status);
    assert.equal(statuses.filter((s) => s === 201).length, 10, statuses.join(','));
    assert.equal(statuses.filter((s) => s === 402).length, 40);
    assert.deepEqual(await balanceOf(app, buyer.accessToken), { balance: 0, reserved: 0, available: 0, tier: 'basic' });
    const min = await knex('token_ledger').where({ user_id: buyer.id }).min('balance_after as m').first();
    assert.equal(Number(min?.m), 0);
    const sum = await knex('token_ledger').where({ user_id: buyer.id }).sum('delta as s').first();
    assert.equal(Number(sum?.s), 0);
  });
});

describe('cancelling a streamed analysis from another backend process (Redis)', () => {
  let fake: FakeOpenAI;
  let web: TestApp;
  let other: TestApp;

  before(async function () {
    if (!redisUrl) this.skip(); // one process without Redis: nothing crosses
    fake = await startFakeOpenAI();
    // Two stateless processes behind a load balancer: one database, one Redis namespace.
    const env = { OPENAI_BASE_URL: fake.baseUrl, EMBEDDING_PROVIDER: 'local', CHAT_MODEL: 'gpt-4o-mini', ANALYSIS_TIMEOUT_SECONDS: '300', REDIS_PREFIX: `intellio:test:lb:${Date.now()}:`, JWT_SECRET: 'one-secret-for-both-processes-behind-the-balancer' };
    web = await startTestApp(env);
    other = await startTestApp(env);
  });
  after(async () => {
    await web?.close();
    await other?.close();
    await fake?.close();
  });

  it('stops the model stream in the process that runs it, charges nothing and says cancelled', async () => {
    const user = await buildUser(web);
    const project = await buildProject(web, user);
    const before = await balanceOf(web, user.accessToken);
    const words = Array.from({ length: 200 }, (_, i) => `word${i}`).join(' ');
    fake.queue({ text: words, chunkDelayMs: 40 });
    const stream = postStream(web, '/api/v1/analyses', analysisBody(project, { prompt: 'Describe every month' }), user.accessToken);
    let id: string | undefined;
    for (let i = 0; i < 200 && !id; i += 1) {
      await new Promise((r) => setTimeout(r, 25));
      const list = await other.request('GET', `/api/v1/analyses?projectId=${project}`, undefined, { token: user.accessToken });
      id = list.body.data.find((a: { status: string }) => a.status === 'running')?.id;
    }
    assert.ok(id, 'the analysis never started');
    const cancel = await other.request('POST', `/api/v1/analyses/${id}/cancel`, undefined, { token: user.accessToken });
    assert.equal(cancel.status, 200);
    const { events } = await stream;
    const deltas = events.filter((e) => e.event === 'delta').length;
    assert.ok(deltas < 200, `the model kept streaming all ${deltas} pieces after the cancel`);
    const a = await waitForAnalysis(web, user.accessToken, id);
    assert.equal(a.status, 'cancelled');
    assert.equal(a.tokensCharged, null);
    assert.deepEqual(await balanceOf(web, user.accessToken), before);
  });
});
