import assert from 'node:assert/strict';
import { analysisBody, buildProject } from '../../test/analysis-fixtures.js';
import { type TestApp, startTestApp } from '../../test/app.js';
import { buildUser, type SignedUpUser } from '../../test/builders.js';
import { redisUrl } from '../../test/db.js';
import { startFakeOpenAI, type FakeOpenAI } from '../../test/fake-openai.js';
import { executeAnalysis } from '../analysis/service.js';
import type { Deps } from '../deps.js';
import { sleep } from './async.js';
import { createQueue } from './index.js';
import { Job } from './model.js';
import { createJob, dispatchJob, JobRunner, recoverInterruptedJobs, ShutdownError, type JobDefinition } from './runner.js';
import type { Queue } from './queue.js';

const BIG = { sheet: 'Data', ranges: [{ address: 'A1:J20', values: Array.from({ length: 20 }, (_, r) => Array.from({ length: 10 }, (_, c) => r * 10 + c)) }] };

async function waitFor<T>(what: string, fn: () => Promise<T | undefined | null | false>, ms = 15_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(25);
  }
}

describe(`graceful worker shutdown (${redisUrl ? 'bee-queue on Redis' : 'in-process queue'})`, function () {
  this.timeout(60_000);
  let app: TestApp;
  let user: SignedUpUser;
  const runners: Array<{ runner: JobRunner; queue: Queue }> = [];

  before(async () => {
    // No consumer in the app itself: each test starts its own runners, as separate worker processes would.
    // A long stall window: a job that comes back quickly was handed back, not found by stall detection.
    app = await startTestApp({ RUN_WORKERS_IN_PROCESS: 'false', JOB_STALL_SECONDS: '120' });
    user = await buildUser(app);
  });
  after(async () => {
    for (const { runner, queue } of runners) {
      await runner.close();
      await queue.close(100);
    }
    await app.close();
  });

  /** A worker: its own queue connection and runner, consuming `defs`. */
  async function startWorker(defs: JobDefinition[]): Promise<{ runner: JobRunner; queue: Queue; deps: Deps }> {
    const config = { ...app.deps.config, queue: { ...app.deps.config.queue, runWorkersInProcess: true } };
    const queue = createQueue(config, app.deps.log);
    const deps = { ...app.deps, config, queue };
    const runner = new JobRunner(deps, defs);
    await runner.start(queue);
    runners.push({ runner, queue });
    return { runner, queue, deps };
  }

  async function enqueue(deps: Deps, kind: string): Promise<string> {
    const job = await deps.knex.transaction((trx) => createJob(deps, trx, { kind, userId: user.id }));
    await dispatchJob(deps, job);
    return job.id;
  }

  it('lets a running job finish within the grace period and hands nothing back', async () => {
    const kind = `test.quick.${Date.now()}`;
    let finished = 0;
    const { runner, deps } = await startWorker([{ name: kind, async perform() { await sleep(300); finished += 1; } }]);
    const id = await enqueue(deps, kind);
    await waitFor('the job to run', async () => (await Job.query(app.deps.knex).findById(id))?.status === 'running');
    assert.equal(await runner.shutdown(10_000), 0);
    assert.equal(finished, 1);
    assert.equal((await Job.query(app.deps.knex).findById(id))?.status, 'succeeded');
  });

  it('hands a job that outlives the grace period back to the queue, and another worker finishes it, counting one attempt', async () => {
    const kind = `test.slow.${Date.now()}`;
    const runs: string[] = [];
    const def: JobDefinition = {
      name: kind,
      async perform(_deps, _payload, ctx) {
        runs.push(runs.length === 0 ? 'first' : 'second');
        if (runs.length === 1) await sleep(60_000, ctx.signal); // stopped by the shutdown
      },
    };
    const first = await startWorker([def]);
    const id = await enqueue(first.deps, kind);
    await waitFor('the job to run', async () => (await Job.query(app.deps.knex).findById(id))?.status === 'running');
    assert.equal(await first.runner.shutdown(200), 1, 'one job handed back');
    const handed = (await Job.query(app.deps.knex).findById(id))!;
    assert.equal(handed.status, 'queued', 'shown as waiting again, not failed');
    assert.equal(handed.attempts, 0, 'a run cut short by a shutdown is not an attempt');

    const second = await startWorker([def]);
    // Redis kept the job (handed back to its waiting list); the in-process queue recovers rows at start.
    if (second.queue.kind === 'in-process') await recoverInterruptedJobs(second.deps, [kind]);
    const done = await waitFor('the other worker to finish it', async () => {
      const j = await Job.query(app.deps.knex).findById(id);
      return j?.status === 'succeeded' ? j : null;
    });
    assert.deepEqual(runs, ['first', 'second']);
    assert.equal(done.attempts, 1);
  });
});

describe('an analysis run cut short is settled once, by whichever run finishes', function () {
  this.timeout(60_000);
  let fake: FakeOpenAI;
  let app: TestApp;
  let user: SignedUpUser;
  let projectId: string;

  before(async () => {
    fake = await startFakeOpenAI();
    app = await startTestApp({
      OPENAI_BASE_URL: fake.baseUrl,
      EMBEDDING_PROVIDER: 'local',
      CHAT_MODEL: 'gpt-4o-mini',
      ANALYSIS_QUEUE_THRESHOLD_CELLS: '100',
      ANALYSIS_MAX_OUTPUT_TOKENS: '100',
      RUN_WORKERS_IN_PROCESS: 'false', // the job stays queued: this test plays the workers
    });
    user = await buildUser(app);
    projectId = await buildProject(app, user);
  });
  after(async () => {
    await app.close();
    await fake.close();
  });

  it('keeps the hold through a shutdown, then two racing re-runs charge exactly once and leave no hold', async () => {
    const queued = await app.request('POST', '/api/v1/analyses', analysisBody(projectId, { selection: BIG, prompt: 'Summarise these numbers' }), { token: user.accessToken });
    assert.equal(queued.status, 202, queued.text);
    const id = queued.body.data.analysis.id as string;
    const knex = app.deps.knex;
    const reserved = async () => Number((await knex('token_accounts').where({ userId: user.id }).first('reserved')).reserved);
    const held = await reserved();
    assert.ok(held > 0);

    // A worker is stopping while the model is still answering: the run gives up and leaves everything as it was.
    fake.queue({ text: 'The total is 19900.', delayMs: 10_000 });
    const stop = new AbortController();
    const cut = executeAnalysis(app.deps, id, { signal: stop.signal });
    await waitFor('the model call', async () => fake.requests.some((r) => r.path.endsWith('/chat/completions')));
    stop.abort(new ShutdownError());
    await assert.rejects(cut, ShutdownError);
    assert.equal((await knex('analyses').where({ id }).first('status')).status, 'running', 'still active for the next worker');
    assert.equal(await reserved(), held, 'the hold stays');
    assert.equal((await knex('token_reservations').where({ reference: `analysis:${id}` }).first('status')).status, 'held');

    // The next worker runs it; a late duplicate (stall detection racing a slow worker) runs it too.
    fake.queue({ text: 'The total is 19900.' }, { text: 'The total is 19900.' });
    const [a, b] = await Promise.all([executeAnalysis(app.deps, id), executeAnalysis(app.deps, id)]);
    assert.deepEqual([a.status, b.status], ['succeeded', 'succeeded']);
    const entries = await knex('token_ledger').where({ userId: user.id, kind: 'analysis', reference: `analysis:${id}` });
    assert.equal(entries.length, 1, 'exactly one settlement');
    assert.ok(Number(entries[0].delta) < 0);
    const holds = await knex('token_reservations').where({ reference: `analysis:${id}` });
    assert.deepEqual(holds.map((h: { status: string }) => h.status), ['settled']);
    assert.equal(await reserved(), 0, 'no hold left behind');
    assert.equal(Number((await knex('analyses').where({ id }).first('tokensCharged')).tokensCharged), -Number(entries[0].delta));

    // And once more, as a job retried after success would: nothing changes.
    const again = await executeAnalysis(app.deps, id);
    assert.equal(again.status, 'succeeded');
    assert.equal((await knex('token_ledger').where({ reference: `analysis:${id}` })).length, 1);
  });
});
