import assert from 'node:assert/strict';
import { type TestApp, startTestApp } from '../../test/app.js';
import { buildUser, type SignedUpUser } from '../../test/builders.js';
import { redisUrl } from '../../test/db.js';
import { sleep } from './async.js';
import { createQueue } from './index.js';
import { Job } from './model.js';
import { createJob, dispatchJob, JobCancelledError, JobRunner, type JobDefinition } from './runner.js';
import type { Queue } from './queue.js';

async function waitFor<T>(what: string, fn: () => Promise<T | undefined | null | false>, ms = 15_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(25);
  }
}

describe(`JobContext.complete: a job's writes commit with its success (${redisUrl ? 'bee-queue on Redis' : 'in-process queue'})`, function () {
  this.timeout(60_000);
  let app: TestApp;
  let user: SignedUpUser;
  let runner: JobRunner;
  let queue: Queue;
  const outcomes = new Map<string, unknown>();

  const def: JobDefinition = {
    name: `test.complete.${Date.now()}`,
    async perform(deps, payload, ctx) {
      // `overtake` plays a second run that claimed the job while this one still ran (a lapsed lock).
      if (payload.overtake) await Job.query(deps.knex).patch({ attempts: ctx.attempt + 1 }).where({ id: ctx.jobId });
      try {
        await ctx.complete((trx) => trx('test_job_effects').insert({ jobId: ctx.jobId }));
        outcomes.set(ctx.jobId, 'committed');
      } catch (err) {
        outcomes.set(ctx.jobId, err);
        throw err;
      }
    },
  };

  before(async () => {
    app = await startTestApp({ RUN_WORKERS_IN_PROCESS: 'false', JOB_STALL_SECONDS: '120' });
    user = await buildUser(app);
    await app.deps.knex.raw('CREATE TABLE IF NOT EXISTS test_job_effects (job_id uuid PRIMARY KEY)');
    const config = { ...app.deps.config, queue: { ...app.deps.config.queue, runWorkersInProcess: true } };
    queue = createQueue(config, app.deps.log);
    runner = new JobRunner({ ...app.deps, config, queue }, [def]);
    await runner.start(queue);
  });
  after(async () => {
    await runner.close();
    await queue.close(100);
    await app.deps.knex.raw('DROP TABLE IF EXISTS test_job_effects');
    await app.close();
  });

  async function run(payload: Record<string, boolean>): Promise<string> {
    const deps = { ...app.deps, queue };
    const job = await deps.knex.transaction((trx) => createJob(deps, trx, { kind: def.name, userId: user.id, payload }));
    await dispatchJob(deps, job);
    await waitFor('the run to end', async () => outcomes.has(job.id));
    return job.id;
  }

  const effects = async (jobId: string) => Number((await app.deps.knex('test_job_effects').where({ jobId }).count({ n: '*' }))[0].n);

  it('writes the effect and marks the job succeeded together', async () => {
    const id = await run({});
    assert.equal(outcomes.get(id), 'committed');
    assert.equal(await effects(id), 1);
    const job = await waitFor('the row', async () => Job.query(app.deps.knex).findById(id));
    assert.equal(job.status, 'succeeded');
    assert.equal(job.progress, 100);
  });

  it('keeps nothing from a run another run has taken over, and leaves that run\'s row alone', async () => {
    const id = await run({ overtake: true });
    assert.ok(outcomes.get(id) instanceof JobCancelledError, `expected JobCancelledError, got ${String(outcomes.get(id))}`);
    assert.equal(await effects(id), 0);
    // Give the stopped run time to (wrongly) record an outcome, then check it did not.
    await sleep(300);
    const job = await Job.query(app.deps.knex).findById(id);
    assert.equal(job?.status, 'running');
    assert.equal(job?.attempts, 2);
  });
});
