import assert from 'node:assert/strict';
import { after, before, describe, it } from 'mocha';
import { analysisBody, buildProject, SALES, waitForAnalysis } from '../../test/analysis-fixtures.js';
import { startTestApp, type TestApp } from '../../test/app.js';
import { buildUser, type SignedUpUser } from '../../test/builders.js';
import { ingest } from '../../test/documents.js';
import { startFakeOpenAI, type FakeOpenAI } from '../../test/fake-openai.js';
import { balance, debit } from '../billing/ledger.js';

/** A selection above ANALYSIS_QUEUE_THRESHOLD_CELLS, so it runs as a queued job. */
function bigSelection(rows: number) {
  const values: Array<Array<string | number>> = [['Month', 'Revenue', 'Cost']];
  for (let i = 1; i < rows; i++) values.push([`M${i}`, 1000 + i * 7, 500 + (i % 13)]);
  return { sheet: 'Big', ranges: [{ address: `A1:C${rows}`, values }] };
}

describe('monitoring: per-call token trail', () => {
  let fake: FakeOpenAI;
  let app: TestApp;
  let a: SignedUpUser;
  let b: SignedUpUser;

  before(async () => {
    fake = await startFakeOpenAI();
    fake.reply = () => ({ text: 'Revenue rose from 1200 (B2) to 1700 (B7).' });
    app = await startTestApp({
      OPENAI_BASE_URL: fake.baseUrl,
      CHAT_MODEL: 'gpt-4o-mini',
      CHAT_MAX_RETRIES: '0',
      ANALYSIS_TIMEOUT_SECONDS: '1',
      ANALYSIS_QUEUE_THRESHOLD_CELLS: '100',
      ANALYSIS_MAX_OUTPUT_TOKENS: '100',
      RUN_WORKERS_IN_PROCESS: 'true',
    });
    a = await buildUser(app);
    b = await buildUser(app);
  });
  after(async () => {
    await app.close();
    await fake.close();
  });

  async function workload(user: SignedUpUser, tag: string): Promise<void> {
    const projectId = await buildProject(app, user);
    const doc = await ingest(app, user, projectId, `${tag}.txt`, `Annual report ${tag}.\n\nRevenue grew strongly in May because of a licence deal.\n\nCosts stayed flat.`);
    assert.equal(doc.status, 'ready');
    const token = user.accessToken;
    const post = (body: unknown) => app.request('POST', '/api/v1/analyses', body, { token });
    for (const prompt of ['Summarise revenue growth', 'Explain the cost trend', 'What happened in May?']) {
      assert.equal((await post(analysisBody(projectId, { prompt: `${prompt} (${tag})` }))).status, 201);
    }
    // A model error and a timeout: both release their holds and charge nothing.
    fake.queue({ status: 500 });
    assert.equal((await post(analysisBody(projectId, { prompt: `Fail please (${tag})` }))).status, 502);
    fake.queue({ text: 'too late', delayMs: 2500 });
    assert.equal((await post(analysisBody(projectId, { prompt: `Time out please (${tag})` }))).status, 504);
    // A queued analysis run by the worker.
    const queued = await post(analysisBody(projectId, { prompt: `Big table (${tag})`, selection: bigSelection(60) }));
    assert.equal(queued.status, 202, queued.text);
    assert.equal((await waitForAnalysis(app, token, queued.body.data.analysis.id)).status, 'succeeded');
    // Prompt refinement by the model is a chat call too.
    fake.queue({ text: 'Refined: summarise revenue growth with citations.' });
    const refined = await app.request('POST', '/api/v1/prompts/refine', { projectId, selection: SALES, prompt: `Revenue? (${tag})` }, { token });
    assert.equal(refined.status, 200, refined.text);
  }

  it('sums to the ledger’s usage debits per user after a mixed workload with failures, on this engine', async function () {
    this.timeout(60_000);
    await workload(a, 'alpha');
    await workload(b, 'beta');
    // B ends nearly broke: usage beyond the hold is only partly covered, and later embeddings take nothing.
    const projectId = await buildProject(app, b, 'Broke');
    const left = (await balance(app.deps.knex, b.id)).available;
    await debit(app.deps.knex, { userId: b.id, amount: left - 3000, kind: 'adjust', idempotencyKey: `drain:${b.id}` });
    fake.queue({ text: 'Big usage.', usage: { prompt_tokens: 9000, completion_tokens: 10 } });
    const big = await app.request('POST', '/api/v1/analyses', analysisBody(projectId, { prompt: 'Expensive question' }), { token: b.accessToken });
    assert.equal(big.status, 201, big.text);
    assert.ok(big.body.data.tokensCharged < 9000, 'only part of the usage was covered');
    await ingest(app, b, projectId, 'after.txt', 'Embedded with an empty balance.');
    await app.deps.background.idle();

    const { knex } = app.deps;
    for (const user of [a, b]) {
      const [trail] = await knex('model_calls').where({ userId: user.id }).sum({ charged: 'chargedTokens' });
      const [ledger] = await knex('token_ledger').where({ userId: user.id }).whereIn('kind', ['analysis', 'embedding']).sum({ debited: knex.raw('-delta') });
      assert.ok(Number(ledger.debited) > 0);
      assert.equal(Number(trail.charged), Number(ledger.debited), `trail = ledger for ${user.email}`);

      // Entry by entry: every usage debit is produced by exactly one call, for exactly its amount.
      const usageEntries = await knex('token_ledger').where({ userId: user.id }).whereIn('kind', ['analysis', 'embedding']).select('id', 'delta');
      const calls = await knex('model_calls').where({ userId: user.id }).select('ledgerEntryId', 'chargedTokens', 'status', 'kind', 'tokensIn', 'latencyMs', 'error');
      for (const e of usageEntries) {
        const producing = calls.filter((c: { ledgerEntryId: string }) => c.ledgerEntryId === e.id);
        assert.equal(producing.length, 1, `ledger entry ${e.id} has one call`);
        assert.equal(Number(producing[0].chargedTokens), Math.abs(Number(e.delta)));
      }
      const failed = calls.filter((c: { status: string }) => c.status === 'failed');
      assert.equal(failed.length, 2, 'the model error and the timeout are on the trail');
      for (const f of failed) assert.equal(Number(f.chargedTokens), 0);
      assert.ok(failed.some((f: { error: string }) => /model_timeout/.test(f.error)));
      assert.ok(calls.some((c: { kind: string }) => c.kind === 'embedding'));
      assert.ok(calls.filter((c: { kind: string; status: string }) => c.kind === 'chat' && c.status === 'ok').length >= 5);
      assert.ok(calls.every((c: { latencyMs: number | null }) => c.latencyMs !== null && c.latencyMs >= 0));
      assert.equal((await balance(knex, user.id)).reserved, 0, 'no hold left behind');
    }
    const uncovered = await knex('model_calls').where({ userId: b.id, kind: 'embedding' }).where('chargedTokens', 0).where('tokensIn', '>', 0).first();
    assert.ok(uncovered, 'an embedding the empty balance could not pay is still on the trail');
  });
});
