/**
 * The job `npm run bench -- queue` runs: wait `ms` (a job long enough to be killed in the middle of), then
 * apply its one effect, a row keyed by the job id in `bench_queue_effects`. An effect applied twice
 * increments `applied` instead of inserting, so duplicates are counted rather than hidden.
 */
import type { Knex } from 'knex';
import { sleep } from '../src/queue/async.js';
import type { JobDefinition } from '../src/queue/runner.js';
import type { JobPayload } from '../src/queue/queue.js';

export const BENCH_JOB = 'bench-effect';

export async function createEffectsTable(knex: Knex): Promise<void> {
  await knex.raw('CREATE TABLE IF NOT EXISTS bench_queue_effects (job_id uuid PRIMARY KEY, applied int NOT NULL DEFAULT 1, worker text)');
}

/** The effect itself: counts every application. */
export async function applyEffect(knex: Knex | Knex.Transaction, jobId: string, worker: string): Promise<void> {
  await knex.raw('INSERT INTO bench_queue_effects (job_id, worker) VALUES (?, ?) ON CONFLICT (job_id) DO UPDATE SET applied = bench_queue_effects.applied + 1', [jobId, worker]);
}

export function benchJob(worker: string): JobDefinition<JobPayload & { ms: number }> {
  return {
    name: BENCH_JOB,
    async perform(deps, payload, ctx) {
      if (payload.ms > 0) await sleep(payload.ms);
      ctx.checkpoint();
      // The effect commits with the job's own move to `succeeded`, so a run that was killed, or overtaken by
      // a retry, leaves either both or neither (queue/runner.ts, JobContext.complete).
      await ctx.complete((trx) => applyEffect(trx, payload.jobId, worker));
    },
  };
}
