import assert from 'node:assert/strict';
import { balanceOf, buildProject, parseSse, waitForAnalysis, type SseEvent } from '../../test/analysis-fixtures.js';
import { type TestApp, startTestApp } from '../../test/app.js';
import { buildUser } from '../../test/builders.js';
import { startFakeOpenAI, type FakeOpenAI } from '../../test/fake-openai.js';

/** 801 rows × 5 columns = 4,005 cells: the selection of the issue that cost 24,746 tokens. */
function bigSelection() {
  const values = [['Region', 'Q1', 'Q2', 'Q3', 'Q4'], ...Array.from({ length: 800 }, (_, r) => [`Site ${r + 1}`, 100 + r, 200 + r, 300 + (r % 7), 400 - (r % 11)])];
  return { sheet: 'Sites', ranges: [{ address: 'A1:E801', values }] };
}

async function readJobStream(app: TestApp, jobId: string, token: string): Promise<SseEvent[]> {
  const res = await fetch(`${app.url}/api/v1/jobs/${jobId}/events?access_token=${token}`, { signal: AbortSignal.timeout(60_000) });
  assert.equal(res.status, 200);
  return parseSse(await res.text());
}

describe('analysis: the local analyst priced by its work, and job progress that moves with the work', function () {
  this.timeout(180_000);

  describe('local analyst', () => {
    let app: TestApp;
    before(async () => {
      app = await startTestApp({ LOCAL_ANALYST_BASE_TOKENS: '30', LOCAL_ANALYST_TOKENS_PER_1K_CELLS: '40', RUN_WORKERS_IN_PROCESS: 'true' });
    });
    after(() => app.close());

    it('charges a 4,005-cell run what the configuration says (30 + 40 per 1,000 cells), held and settled alike', async () => {
      const user = await buildUser(app);
      const projectId = await buildProject(app, user);
      const quoted = await app.request('GET', '/api/v1/config');
      assert.deepEqual(quoted.body.data.localAnalystPrice, { baseTokens: 30, tokensPer1kCells: 40 });
      const before = await balanceOf(app, user.accessToken);
      const res = await app.request('POST', '/api/v1/analyses', { projectId, source: 'web', selection: bigSelection(), prompt: 'Summarise these sites' }, { token: user.accessToken });
      assert.equal(res.status, 202, res.text); // above the queue threshold: a job
      const expected = 30 + Math.ceil((4005 * 40) / 1000); // 191
      assert.equal(res.body.data.analysis.cellCount, 4005);
      assert.equal(res.body.data.analysis.tokensReserved, expected, 'the hold is the price');
      const done = await waitForAnalysis(app, user.accessToken, res.body.data.analysis.id, 60_000);
      assert.equal(done.status, 'succeeded', JSON.stringify(done.error));
      assert.equal(done.tokensCharged, expected);
      assert.ok(done.tokensIn + done.tokensOut > expected, 'far below what per-token billing would have taken');
      const after = await balanceOf(app, user.accessToken);
      assert.equal(after.balance, before.balance - expected);
      assert.equal(after.reserved, 0);
      const call = await app.deps.knex('model_calls').where({ analysisId: done.id, kind: 'chat' }).first();
      assert.equal(Number(call.costTokens), expected, 'the usage trail records the same price');
    });
  });

  describe('job progress', () => {
    let app: TestApp;
    let fake: FakeOpenAI;
    before(async () => {
      fake = await startFakeOpenAI();
      app = await startTestApp({ OPENAI_BASE_URL: fake.baseUrl, CHAT_PROVIDER: 'openai', ANALYSIS_QUEUE_THRESHOLD_CELLS: '10', ANALYSIS_MAX_OUTPUT_TOKENS: '40', RUN_WORKERS_IN_PROCESS: 'true' });
    });
    after(async () => {
      await app.close();
      await fake.close();
    });

    it('streams intermediate progress between the start (5) and the end (100) as the answer is written', async () => {
      const user = await buildUser(app);
      const projectId = await buildProject(app, user);
      // The model writes twelve pieces with pauses between them, so progress is recorded between pieces.
      fake.reply = () => ({ text: 'The four quarters rise steadily, with the third quarter the strongest of the year overall.', chunkDelayMs: 300 });
      const selection = { sheet: 'S', ranges: [{ address: 'A1:D4', values: [[1, 2, 3, 4], [5, 6, 7, 8], [9, 10, 11, 12], [13, 14, 15, 16]] }] };
      const res = await app.request('POST', '/api/v1/analyses', { projectId, source: 'web', selection, prompt: 'Summarise the quarters' }, { token: user.accessToken });
      assert.equal(res.status, 202, res.text);
      const events = await readJobStream(app, res.body.data.jobId, user.accessToken);
      const progress = events.map((e) => e.data.job.progress as number);
      assert.deepEqual(progress, [...progress].sort((a, b) => a - b), `progress went backwards: ${progress}`);
      assert.equal(events.at(-1)?.data.job.status, 'succeeded');
      assert.equal(progress.at(-1), 100);
      const between = [...new Set(progress.filter((p) => p > 5 && p < 100))];
      assert.ok(between.length >= 3, `several steps between 5 and 100: ${progress}`);
    });
  });
});
