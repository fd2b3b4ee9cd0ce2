/**
 * `npm run bench -- queue` (issue 30): jobs per second through the product's queue against raw bee-queue on
 * the same Redis (127.0.0.1:6379, or BENCH_REDIS_URL), every job applying the same effect (a row keyed by
 * its id in PostgreSQL, bench/queue-job.ts), at the same concurrency:
 *
 * - raw: bee-queue's own createJob/save and process;
 * - adapter: the same through `BeeQueueAdapter` (queue/bee.ts), the Queue the product talks to;
 * - runner: jobs as the product runs them: a `jobs` row per job (createJob + dispatchJob), claimed, run and
 *   committed with its effect by `JobRunner` (queue/runner.ts).
 * `ratio` is adapter ÷ raw (the wrapper over bee-queue); `runnerRatio` (runner ÷ raw) adds the `jobs` table
 * bookkeeping — three more committed statements per job — that raw bee-queue has no counterpart for.
 *
 * Then the kill test: BENCH_QUEUE_KILL_JOBS jobs of ~40 ms go to two worker processes (bench/queue-worker.ts,
 * stall window 2 s); one is killed with SIGKILL while it holds jobs. When every job row has settled, the
 * bench counts jobs lost (no effect, or a row not `succeeded`) and effects applied twice.
 * Writes `{ ratio, lostAfterKill, duplicatedAfterKill }`; targets ≥ 0.8, 0, 0.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import BeeQueue from 'bee-queue';
import type { Knex } from 'knex';
import { BeeQueueAdapter } from '../src/queue/bee.js';
import { createJob, dispatchJob, JobRunner } from '../src/queue/runner.js';
import type { JobPayload } from '../src/queue/queue.js';
import { BACKEND, stopChild } from './processes.js';
import { applyEffect, BENCH_JOB, benchJob, createEffectsTable } from './queue-job.js';
import { benchDeps, benchOwner, report, round } from './support.js';

const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
const JOBS = Number(process.env.BENCH_QUEUE_JOBS ?? 2000);
const CONCURRENCY = Number(process.env.BENCH_QUEUE_CONCURRENCY ?? 8);
const KILL_JOBS = Number(process.env.BENCH_QUEUE_KILL_JOBS ?? 300);
const STALL_SECONDS = 2;
const TARGET_RATIO = 0.8;

async function effectCount(knex: Knex): Promise<number> {
  const [{ n }] = await knex('bench_queue_effects').count({ n: '*' });
  return Number(n);
}

async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  for (const until = Date.now() + timeoutMs; !(await check()); await new Promise((r) => setTimeout(r, 20))) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
  }
}

/** Adds `JOBS` jobs (20 adds in flight) while the consumer runs; jobs per second until the last effect. */
async function timed(knex: Knex, add: (i: number) => Promise<void>): Promise<number> {
  await knex.raw('TRUNCATE bench_queue_effects');
  const started = performance.now();
  let next = 0;
  await Promise.all(Array.from({ length: 20 }, async () => {
    while (next < JOBS) await add(next++);
  }));
  if (process.env.BENCH_QUEUE_DEBUG) console.error(`  added in ${((performance.now() - started) / 1000).toFixed(2)} s, ${await effectCount(knex)} done by then`);
  await waitFor('the jobs to run', async () => (await effectCount(knex)) >= JOBS, 300_000);
  return JOBS / ((performance.now() - started) / 1000);
}

async function throughput(): Promise<{ raw: number; adapter: number; runner: number }> {
  const prefix = `bench-${randomBytes(3).toString('hex')}:`;
  const handle = await benchDeps('postgres', { REDIS_URL, REDIS_PREFIX: prefix, RUN_WORKERS_IN_PROCESS: 'false', QUEUE_CONCURRENCY: String(CONCURRENCY) });
  const { deps } = handle;
  const { userId } = await benchOwner(deps);
  await createEffectsTable(deps.knex);
  const log = deps.log;
  const stallMs = STALL_SECONDS * 1000;

  const raw = new BeeQueue<JobPayload>('raw', { prefix: `${prefix}raw`, redis: { url: REDIS_URL }, isWorker: true, getEvents: false, sendEvents: false, removeOnSuccess: true, removeOnFailure: true, stallInterval: stallMs });
  raw.process(CONCURRENCY, async (job) => applyEffect(deps.knex, job.data.jobId, 'raw'));
  const adapter = new BeeQueueAdapter({ redisUrl: REDIS_URL, prefix: `${prefix}adapter`, isWorker: true, stallMs }, log);
  adapter.process('adapter', CONCURRENCY, async ({ payload }) => applyEffect(deps.knex, payload.jobId, 'adapter'));
  const runnerQueue = new BeeQueueAdapter({ redisUrl: REDIS_URL, prefix: `${prefix}bq`, isWorker: true, stallMs }, log);
  const runner = new JobRunner(deps, [benchJob('runner')]);
  await runner.start(runnerQueue);
  await raw.ready();

  const rounds: Array<{ raw: number; adapter: number; runner: number }> = [];
  try {
    for (let r = 0; r < 2; r++) {
      console.error(`round ${r + 1}/2: ${JOBS} jobs each, concurrency ${CONCURRENCY}, load ${os.loadavg()[0].toFixed(2)}`);
      const rawRate = await timed(deps.knex, async () => {
        await raw.createJob({ jobId: randomUUID() }).setId(randomUUID()).retries(2).backoff('exponential', 2000).save();
      });
      const adapterRate = await timed(deps.knex, async () => {
        const jobId = randomUUID();
        await adapter.add('adapter', { jobId }, { attempts: 3, backoffMs: 2000 });
      });
      const runnerRate = await timed(deps.knex, async () => {
        const job = await deps.knex.transaction((trx) => createJob(deps, trx, { kind: BENCH_JOB, userId, payload: { ms: 0 } }));
        await dispatchJob(deps, job);
      });
      rounds.push({ raw: rawRate, adapter: adapterRate, runner: runnerRate });
    }
  } finally {
    await runner.close();
    await Promise.allSettled([raw.close(), adapter.close(), runnerQueue.close()]);
    await handle.close();
  }
  const mean = (k: 'raw' | 'adapter' | 'runner') => rounds.reduce((s, r) => s + r[k], 0) / rounds.length;
  return { raw: mean('raw'), adapter: mean('adapter'), runner: mean('runner') };
}

function startWorker(env: Record<string, string>, name: string): Promise<ChildProcess> {
  const child = fork(path.join(BACKEND, 'bench', 'queue-worker.ts'), [], { cwd: BACKEND, env: { ...env, WORKER_NAME: name }, execArgv: ['--import', 'tsx'], stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  return new Promise((resolve, reject) => {
    child.once('message', () => resolve(child));
    child.once('exit', (code) => reject(new Error(`worker ${name} exited with ${code} before it was ready`)));
  });
}

async function killTest() {
  const prefix = `bench-kill-${randomBytes(3).toString('hex')}:`;
  const env: Record<string, string> = {
    ...(process.env as Record<string, string>),
    REDIS_URL, REDIS_PREFIX: prefix, JOB_STALL_SECONDS: String(STALL_SECONDS), QUEUE_CONCURRENCY: String(CONCURRENCY), JOB_ATTEMPTS: '5',
  };
  const handle = await benchDeps('postgres', { REDIS_URL, REDIS_PREFIX: prefix, RUN_WORKERS_IN_PROCESS: 'false', JOB_ATTEMPTS: '5' });
  const workers: ChildProcess[] = [];
  try {
    const { deps } = handle;
    const knex = deps.knex;
    const { userId } = await benchOwner(deps);
    await createEffectsTable(knex);
    // Point the workers at the parent's database: the same rows, the same effects table.
    const url = (knex.client.config.connection as { connectionString: string }).connectionString;
    env.DATABASE_URL = url;
    const jobIds: string[] = [];
    for (let i = 0; i < KILL_JOBS; i++) {
      const job = await knex.transaction((trx) => createJob(deps, trx, { kind: BENCH_JOB, userId, payload: { ms: 40 } }));
      await dispatchJob(deps, job);
      jobIds.push(job.id);
    }
    const victim = await startWorker(env, 'victim');
    workers.push(victim);
    // Let the victim get well into the list, then kill it while it holds jobs.
    await waitFor('the victim to start working', async () => (await effectCount(knex)) >= KILL_JOBS / 4, 120_000);
    const running = await knex('jobs').whereIn('id', jobIds).where({ status: 'running' }).count({ n: '*' });
    console.error(`SIGKILL to the victim with ${Number(running[0].n)} jobs running, ${await effectCount(knex)} effects applied`);
    victim.kill('SIGKILL');
    const survivor = await startWorker(env, 'survivor');
    workers.push(survivor);
    const started = performance.now();
    await waitFor('every job to settle', async () => {
      const [{ n }] = await knex('jobs').whereIn('id', jobIds).whereIn('status', ['queued', 'running']).count({ n: '*' });
      return Number(n) === 0;
    }, 120_000).catch((err: Error) => console.error(err.message));
    const recoverySeconds = round((performance.now() - started) / 1000, 1);
    const effects = await knex('bench_queue_effects').whereIn('jobId', jobIds).select('jobId', 'applied');
    const applied = new Map(effects.map((e: { jobId: string; applied: number }) => [e.jobId, Number(e.applied)]));
    const rows = await knex('jobs').whereIn('id', jobIds).select('id', 'status', 'attempts');
    const lost = rows.filter((r: { id: string; status: string }) => r.status !== 'succeeded' || !applied.has(r.id)).length;
    const duplicated = [...applied.values()].filter((n) => n > 1).length;
    const retried = rows.filter((r: { attempts: number }) => r.attempts > 1).length;
    return { killJobs: KILL_JOBS, lostAfterKill: lost, duplicatedAfterKill: duplicated, retriedAfterKill: retried, recoverySeconds, stallSeconds: STALL_SECONDS };
  } finally {
    for (const w of workers) await stopChild(w, 'SIGKILL');
    await handle.close();
  }
}

export async function benchQueue(): Promise<void> {
  const t = await throughput();
  console.error('kill test …');
  const kill = await killTest();
  // The queue wrapper (BeeQueueAdapter) against raw bee-queue is the ratio; the runner's figure adds
  // the `jobs` table bookkeeping raw bee-queue has no counterpart for, and is reported beside it.
  const ratio = round(t.adapter / t.raw, 3);
  const runnerRatio = round(t.runner / t.raw, 3);
  report('queue', {
    loadAverage: os.loadavg().map((l) => round(l, 2)),
    jobs: JOBS,
    concurrency: CONCURRENCY,
    ratio,
    runnerRatio,
    jobsPerSecond: { raw: round(t.raw, 1), adapter: round(t.adapter, 1), runner: round(t.runner, 1) },
    ...kill,
    target: { ratio: TARGET_RATIO, lost: 0, duplicated: 0, met: ratio >= TARGET_RATIO && kill.lostAfterKill === 0 && kill.duplicatedAfterKill === 0 },
  }, [
    { what: 'raw bee-queue jobs/s', value: round(t.raw, 1), target: '' },
    { what: 'BeeQueueAdapter jobs/s', value: round(t.adapter, 1), target: '' },
    { what: 'JobRunner (jobs rows) jobs/s', value: round(t.runner, 1), target: '' },
    { what: 'ratio (adapter / raw)', value: ratio, target: `≥ ${TARGET_RATIO}` },
    { what: 'runner / raw (with jobs rows)', value: runnerRatio, target: '' },
    { what: `lost after SIGKILL (of ${kill.killJobs})`, value: kill.lostAfterKill, target: '0' },
    { what: 'effects applied twice', value: kill.duplicatedAfterKill, target: '0' },
    { what: `recovered in s (stall ${STALL_SECONDS} s)`, value: kill.recoverySeconds, target: '' },
  ]);
}
