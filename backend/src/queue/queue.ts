/**
 * The job queue: one interface, two implementations. In-process (default, no Redis) runs jobs in the web
 * process; bee-queue (REDIS_URL) hands them to `npm run worker` processes. Both retry a failed job with
 * exponential backoff (`backoffMs · 2^(attempt-1)`) up to `attempts` runs. Payloads are JSON ids, never
 * model objects. The `jobs` table (queue/model.ts) is the record users see; the queue only carries work.
 */
export type JobPayload = { jobId: string } & Record<string, string | number | boolean | null>;

export interface AddOptions {
  /** Total runs including the first (1 = no retry). */
  attempts: number;
  backoffMs: number;
}

export interface QueuedJob<P extends JobPayload = JobPayload> {
  payload: P;
}

export type JobHandler<P extends JobPayload = JobPayload> = (job: QueuedJob<P>) => Promise<void>;

export interface Queue {
  readonly kind: 'in-process' | 'bee-queue';
  add(name: string, payload: JobPayload, options: AddOptions): Promise<void>;
  /** Starts consuming `name` with up to `concurrency` jobs at once (workers only). */
  process(name: string, concurrency: number, handler: JobHandler): void;
  /** Drops a job that has not started yet (running jobs are stopped through their AbortSignal). */
  remove(name: string, jobId: string): Promise<void>;
  /** Resolves when nothing is waiting, delayed or running in this process (tests, shutdown). */
  idle(): Promise<void>;
  /** Jobs per queue and state, read at scrape time for /metrics (the queues this process knows). */
  depth(): Promise<QueueDepth[]>;
  /**
   * Stops taking jobs, waits up to `graceMs` for the ones running here, then lets go of the connection.
   * Jobs still running after that are the caller's to stop and `handBack`.
   */
  close(graceMs?: number): Promise<void>;
  /**
   * Returns a job this process took but will not finish (shutdown) to the waiting list at once, for another
   * worker; without this it would wait for stall detection. Call it after `close`, so the stopped run's
   * outcome cannot also be recorded. A no-op where the queue lives in the process (it recovers at start).
   */
  handBack(name: string, jobId: string): Promise<void>;
}

export interface QueueDepth {
  queue: string;
  state: 'waiting' | 'active' | 'delayed';
  count: number;
}

export function backoffDelay(backoffMs: number, attempt: number): number {
  return backoffMs * 2 ** Math.max(0, attempt - 1);
}
