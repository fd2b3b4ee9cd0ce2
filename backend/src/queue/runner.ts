/**
 * Runs job definitions on the queue with visible state in the `jobs` table: queued → running → succeeded |
 * failed | cancelled, with progress, attempts and a human-readable error. A job is one small module with a
 * `perform(deps, payload, ctx)`; errors that retrying cannot fix are thrown as PermanentJobError.
 *
 * Cancellation is real: `cancelJob()` marks the row, removes a waiting job from the queue and broadcasts
 * on the event bus; whichever process runs the job aborts its AbortSignal, which stops child processes,
 * embedding requests and the final write.
 */
import type { Knex } from 'knex';
import type { Deps } from '../deps.js';
import type { Logger } from '../lib/logger.js';
import { jobDuration, jobFailures, jobsHandedBack } from '../monitoring/metrics.js';
import { sleep } from './async.js';
import { Job, type JobStatus } from './model.js';
import { presentJob } from './presenter.js';
import type { JobPayload, Queue } from './queue.js';

export interface JobContext {
  jobId: string;
  userId: string;
  attempt: number;
  maxAttempts: number;
  signal: AbortSignal;
  /** Reports progress 0–100; writes are throttled. */
  progress(percent: number): Promise<void>;
  /** Throws if the job was cancelled (or the process is stopping). */
  checkpoint(): void;
  /**
   * Commits the job's final writes and its move to `succeeded` in one transaction. Jobs run at least once (a
   * killed worker's job runs again elsewhere), so writes made here are applied exactly once: a run killed
   * before the commit leaves nothing, and a run overtaken by another (its lock lapsed while it was still
   * alive) cannot commit, since the row must still be `running` under this run's attempt. Throws
   * JobCancelledError, with nothing written, when the job has moved on.
   */
  complete<T>(write: (trx: Knex.Transaction) => Promise<T>): Promise<T>;
}

export interface JobDefinition<P extends JobPayload = JobPayload> {
  name: string;
  perform(deps: Deps, payload: P, ctx: JobContext): Promise<void>;
  /** Progress side effects (e.g. the document's own progress and its live event). */
  onProgress?(deps: Deps, payload: P, percent: number): Promise<void>;
  /**
   * Called once when the job has failed for good (no retry left, or a PermanentJobError), with the error
   * itself so a definition can keep what it carries besides its message (a document's failure code).
   */
  onFailed?(deps: Deps, payload: P, reason: string, error: unknown): Promise<void>;
}

/** An error retrying cannot fix; its message is shown to the user. */
export class PermanentJobError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PermanentJobError';
  }
}

export class JobCancelledError extends Error {
  constructor(message = 'The job was cancelled.') {
    super(message);
    this.name = 'JobCancelledError';
  }
}

/**
 * The process is stopping and its grace period ran out: the job goes back to the queue as it is, for another
 * worker. Work that holds something (an analysis's token hold) keeps it, so the next run settles it once.
 */
export class ShutdownError extends JobCancelledError {
  constructor() {
    super('The worker is shutting down; the job goes back to the queue.');
    this.name = 'ShutdownError';
  }
}

interface Running {
  kind: string;
  controller: AbortController;
  /** Settles when the run has recorded its outcome. */
  done: Promise<void>;
}

const CANCEL_CHANNEL = 'jobs:cancel';

/** The channel on which a job's every state and progress change is published (`GET /jobs/:id/events`). */
export const jobChannel = (jobId: string) => `job:${jobId}`;

/** Publishes the job's current row; a lost event only delays the client, which also reads the row. */
export async function announceJob(deps: Pick<Deps, 'knex' | 'events' | 'log'>, jobId: string): Promise<void> {
  try {
    const job = await Job.query(deps.knex).findById(jobId);
    if (job) await publishJob(deps, job);
  } catch (err) {
    deps.log.warn({ err, jobId }, 'could not announce a job change');
  }
}

/** Publishes a row the caller already holds (from an UPDATE … RETURNING), saving the read. */
async function publishJob(deps: Pick<Deps, 'events' | 'log'>, job: Job): Promise<void> {
  await deps.events.publish(jobChannel(job.id), { type: 'job', job: presentJob(job) }).catch((err) => deps.log.warn({ err, jobId: job.id }, 'could not announce a job change'));
}

/**
 * Patches the job while it is in one of `statuses` and returns the updated row, in one round trip
 * (UPDATE … RETURNING); undefined when the job has moved on (cancelled, finished, deleted).
 */
async function patchJob(knex: Knex, jobId: string, patch: Partial<Record<keyof Job, unknown>>, statuses: JobStatus[], attempt?: number): Promise<Job | undefined> {
  const query = Job.query(knex).patch(patch as Partial<Job>).where({ id: jobId }).whereIn('status', statuses);
  if (attempt !== undefined) query.where({ attempts: attempt });
  const [row] = await query.returning('*');
  return row;
}

const PROGRESS_INTERVAL_MS = 250;

interface NewJob {
  /** Set when the caller must store the id before the row exists (a document's `job_id`). */
  id?: string;
  kind: string;
  userId: string;
  documentId?: string | null;
  payload?: Record<string, string | number | boolean | null>;
}

/** Inserts the job row (inside the caller's transaction); call `dispatchJob` after the commit. */
export async function createJob(deps: Deps, trx: Knex.Transaction, job: NewJob): Promise<Job> {
  return Job.query(trx).insert({
    ...(job.id ? { id: job.id } : {}),
    kind: job.kind,
    userId: job.userId,
    documentId: job.documentId ?? null,
    payload: job.payload ?? {},
    status: 'queued',
    progress: 0,
    attempts: 0,
    maxAttempts: deps.config.queue.attempts,
  }).returning('*');
}

/** Hands a committed job row to the queue. */
export async function dispatchJob(deps: Deps, job: Job): Promise<void> {
  const payload: JobPayload = { ...job.payload, jobId: job.id };
  await deps.queue.add(job.kind, payload, { attempts: job.maxAttempts, backoffMs: deps.config.queue.backoffMs });
}

/**
 * Marks an active job cancelled inside the caller's transaction. Returns whether it was active; call
 * `announceCancel` after the commit to stop it wherever it runs.
 */
export async function markCancelled(trx: Knex.Transaction, jobId: string, reason: string): Promise<boolean> {
  const n = await Job.query(trx)
    .patch({ status: 'cancelled', error: reason, finishedAt: new Date() })
    .where({ id: jobId })
    .whereIn('status', ['queued', 'running']);
  return n > 0;
}

export async function announceCancel(deps: Deps, job: Pick<Job, 'id' | 'kind'>): Promise<void> {
  await deps.queue.remove(job.kind, job.id).catch((err) => deps.log.warn({ err, jobId: job.id }, 'could not remove a waiting job'));
  await deps.events.publish(CANCEL_CHANNEL, { type: 'job.cancel', jobId: job.id });
  await announceJob(deps, job.id);
}

/** Consumes every registered job kind in this process. */
export class JobRunner {
  private readonly running = new Map<string, Running>();
  private unsubscribe: (() => void) | null = null;
  private stopping = false;
  private queue: Queue | null = null;

  constructor(
    private readonly deps: Deps,
    private readonly definitions: JobDefinition[],
  ) {}

  private get log(): Logger {
    return this.deps.log;
  }

  async start(queue: Queue = this.deps.queue): Promise<void> {
    this.queue = queue;
    this.unsubscribe = await this.deps.events.subscribe(CANCEL_CHANNEL, (event) => {
      this.running.get(String(event.jobId))?.controller.abort(new JobCancelledError());
    });
    for (const def of this.definitions) {
      queue.process(def.name, this.deps.config.queue.concurrency, ({ payload }) => this.run(def, payload));
    }
  }

  /**
   * Graceful stop (SIGTERM): takes no new job, lets the running ones finish for up to `graceMs`, then stops
   * the rest and hands them back to the queue for another worker. Resolves with how many were handed back.
   */
  async shutdown(graceMs: number): Promise<number> {
    this.stopping = true;
    this.unsubscribe?.();
    const started = Date.now();
    const queue = this.queue ?? this.deps.queue;
    await queue.close(graceMs);
    const left = [...this.running.entries()];
    for (const [, run] of left) run.controller.abort(new ShutdownError());
    // The stopped runs mark their rows queued again; give them a moment (they only write one row each).
    await Promise.race([Promise.allSettled(left.map(([, run]) => run.done)), sleep(Math.max(2000, graceMs - (Date.now() - started)))]);
    for (const [jobId, run] of left) {
      await queue.handBack(run.kind, jobId).catch((err) => this.log.warn({ err, jobId }, 'could not hand a job back; stall detection will'));
      jobsHandedBack.inc({ kind: run.kind });
      this.log.info({ jobId, kind: run.kind }, 'job handed back to the queue');
    }
    return left.length;
  }

  /** Stops running jobs at once (they are retried by the queue or re-enqueued at the next start). */
  async close(): Promise<void> {
    this.stopping = true;
    this.unsubscribe?.();
    for (const run of this.running.values()) run.controller.abort(new ShutdownError());
  }

  private async run(def: JobDefinition, payload: JobPayload): Promise<void> {
    const { knex } = this.deps;
    const jobId = payload.jobId;
    // Claims the job (a cancelled or finished one matches nothing) and counts the attempt in one statement.
    const job = await patchJob(knex, jobId, { status: 'running', attempts: knex.raw('attempts + 1'), startedAt: new Date(), error: null }, ['queued', 'running']);
    if (!job) return;
    const attempt = job.attempts;
    await publishJob(this.deps, job);

    const controller = new AbortController();
    let finished: () => void = () => {};
    this.running.set(jobId, { kind: def.name, controller, done: new Promise<void>((resolve) => (finished = resolve)) });
    let lastWrite = 0;
    let lastPercent = -1;
    let completed: Job | undefined;
    const ctx: JobContext = {
      jobId,
      userId: job.userId,
      attempt,
      maxAttempts: job.maxAttempts,
      signal: controller.signal,
      checkpoint: () => {
        if (controller.signal.aborted) throw controller.signal.reason ?? new JobCancelledError();
      },
      complete: async (write) => {
        ctx.checkpoint();
        return knex.transaction(async (trx) => {
          const value = await write(trx);
          const row = await patchJob(trx, jobId, { status: 'succeeded', progress: 100, finishedAt: new Date() }, ['running'], attempt);
          if (!row) throw new JobCancelledError('The job was cancelled or taken over by another run; this run\'s result was not kept.');
          completed = row;
          return value;
        });
      },
      progress: async (percent) => {
        const p = Math.max(0, Math.min(100, Math.round(percent)));
        const now = Date.now();
        if (p === lastPercent || (p < 100 && now - lastWrite < PROGRESS_INTERVAL_MS)) return;
        lastWrite = now;
        lastPercent = p;
        const updated = await patchJob(knex, jobId, { progress: p }, ['running']);
        if (!updated) return; // cancelled meanwhile: the checkpoint stops the job
        await def.onProgress?.(this.deps, payload, p);
        await publishJob(this.deps, updated);
      },
    };

    const timer = jobDuration.startTimer({ kind: def.name });
    let succeeded: Job | undefined;
    try {
      await def.perform(this.deps, payload, ctx);
      succeeded = completed ?? (await patchJob(knex, jobId, { status: 'succeeded', progress: 100, finishedAt: new Date() }, ['running'], attempt));
      timer({ outcome: 'succeeded' });
    } catch (err) {
      timer({ outcome: controller.signal.aborted ? 'cancelled' : 'failed' });
      await this.failed(def, payload, job, attempt, controller.signal, err);
    } finally {
      this.running.delete(jobId);
      finished();
      if (succeeded) await publishJob(this.deps, succeeded);
      else await announceJob(this.deps, jobId);
    }
  }

  private async failed(def: JobDefinition, payload: JobPayload, job: Job, attempt: number, signal: AbortSignal, err: unknown): Promise<void> {
    const { knex } = this.deps;
    const fresh = await Job.query(knex).findById(job.id);
    if (!fresh || fresh.status === 'cancelled') {
      this.log.info({ jobId: job.id, kind: def.name }, 'job stopped: cancelled');
      return;
    }
    if (fresh.status !== 'running' || fresh.attempts !== attempt) {
      // Another run took the job over (this one's lock lapsed) or finished it: its row is not ours to change.
      this.log.info({ jobId: job.id, kind: def.name, attempt }, 'job stopped: another run has it');
      return;
    }
    const reason = err instanceof Error ? err.message : String(err);
    if (signal.aborted && this.stopping) {
      // Shutdown, not a failure: the next worker picks it up again.
      await Job.query(knex).patch({ status: 'queued', attempts: Math.max(0, attempt - 1) }).where({ id: job.id, status: 'running' });
      throw err;
    }
    const permanent = err instanceof PermanentJobError;
    jobFailures.inc({ kind: def.name, outcome: !permanent && attempt < job.maxAttempts ? 'retry' : 'failed' });
    if (!permanent && attempt < job.maxAttempts) {
      this.log.warn({ err, jobId: job.id, kind: def.name, attempt }, 'job failed; will retry');
      await Job.query(knex).patch({ status: 'queued', error: `Attempt ${attempt} failed: ${reason}` }).where({ id: job.id, status: 'running' });
      throw err; // the queue schedules the retry with backoff
    }
    if (!permanent) this.log.error({ err, jobId: job.id, kind: def.name, attempt }, 'job failed for good');
    const message = permanent ? reason : `Processing failed after ${attempt} attempt${attempt === 1 ? '' : 's'}: ${reason}`;
    await Job.query(knex).patch({ status: 'failed', error: message, finishedAt: new Date() }).where({ id: job.id, status: 'running' });
    await def.onFailed?.(this.deps, payload, message, err);
  }
}

/** Re-enqueues jobs left queued or running by a stopped process (in-process queue only: Redis keeps them). */
export async function recoverInterruptedJobs(deps: Deps, kinds: string[]): Promise<number> {
  const jobs = await Job.query(deps.knex).whereIn('status', ['queued', 'running']).whereIn('kind', kinds);
  for (const job of jobs) {
    await Job.query(deps.knex).patch({ status: 'queued' }).where({ id: job.id });
    await dispatchJob(deps, job);
  }
  return jobs.length;
}
