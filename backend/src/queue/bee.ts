import BeeQueue from 'bee-queue';
import { Redis } from 'ioredis';
import type { Logger } from '../lib/logger.js';
import type { AddOptions, JobHandler, JobPayload, Queue, QueueDepth } from './queue.js';

export interface BeeQueueOptions {
  redisUrl: string;
  /** Key prefix in Redis (per deployment; tests use a random one). */
  prefix: string;
  /** This process consumes jobs (worker) rather than only enqueueing them. */
  isWorker: boolean;
  /** A running job's lock lasts this long without renewal; a dead worker's jobs go back after 1-2 of these. */
  stallMs: number;
}

/**
 * bee-queue's own stall recovery for one job, done now (its checkStalledJobs script moves every job whose
 * lock lapsed): only a job still on the active list is moved, so a concurrent stall check cannot queue it twice.
 */
const HAND_BACK = `
if redis.call('lrem', KEYS[1], 0, ARGV[1]) > 0 then
  redis.call('srem', KEYS[2], ARGV[1])
  redis.call('lpush', KEYS[3], ARGV[1])
  return 1
end
return 0`;

/**
 * bee-queue, one Redis-backed queue per job name. bee-queue 2.0 brings its own Redis client: it is given
 * `redis: { url }`, never an ioredis instance. Jobs keep the id of their `jobs` row, so a duplicate add is a
 * no-op and a waiting job can be removed by id.
 */
export class BeeQueueAdapter implements Queue {
  readonly kind = 'bee-queue' as const;
  private readonly queues = new Map<string, BeeQueue<JobPayload>>();
  private readonly running = new Set<Promise<void>>();
  private readonly stallTimers: NodeJS.Timeout[] = [];

  constructor(
    private readonly options: BeeQueueOptions,
    private readonly log: Logger,
  ) {}

  private queue(name: string): BeeQueue<JobPayload> {
    let q = this.queues.get(name);
    if (!q) {
      q = new BeeQueue<JobPayload>(name, {
        prefix: this.options.prefix,
        redis: { url: this.options.redisUrl },
        isWorker: this.options.isWorker,
        getEvents: false,
        sendEvents: false,
        activateDelayedJobs: this.options.isWorker,
        removeOnSuccess: true,
        removeOnFailure: true,
        stallInterval: this.options.stallMs,
      });
      q.on('error', (err) => this.log.warn({ err, queue: name }, 'bee-queue error'));
      this.queues.set(name, q);
    }
    return q;
  }

  async add(name: string, payload: JobPayload, options: AddOptions): Promise<void> {
    const q = this.queue(name);
    await q.ready();
    const job = q.createJob(payload).setId(payload.jobId).retries(Math.max(0, options.attempts - 1));
    if (options.backoffMs > 0) job.backoff('exponential', options.backoffMs);
    await job.save();
  }

  process(name: string, concurrency: number, handler: JobHandler): void {
    const q = this.queue(name);
    q.process(concurrency, async (job) => {
      const run = handler({ payload: job.data });
      this.running.add(run);
      try {
        await run;
      } finally {
        this.running.delete(run);
      }
    });
    // Jobs of a worker that died mid-run go back to waiting (bee-queue checks at most once per stallMs).
    void q.checkStalledJobs().catch(() => {});
    const timer = setInterval(() => void q.checkStalledJobs().catch(() => {}), Math.max(500, this.options.stallMs / 2));
    timer.unref();
    this.stallTimers.push(timer);
  }

  async remove(name: string, jobId: string): Promise<void> {
    await this.queue(name).removeJob(jobId);
  }

  async idle(): Promise<void> {
    while (this.running.size) await Promise.allSettled([...this.running]);
  }

  async depth(): Promise<QueueDepth[]> {
    const out: QueueDepth[] = [];
    for (const [name, q] of this.queues) {
      const h = await q.checkHealth();
      out.push({ queue: name, state: 'waiting', count: h.waiting }, { queue: name, state: 'active', count: h.active }, { queue: name, state: 'delayed', count: h.delayed });
    }
    return out;
  }

  async close(graceMs = 5000): Promise<void> {
    for (const t of this.stallTimers) clearInterval(t);
    // A job still running at the deadline makes close reject; the runner stops it and hands it back.
    await Promise.allSettled([...this.queues.values()].map((q) => q.close(Math.max(1, graceMs))));
  }

  async handBack(name: string, jobId: string): Promise<void> {
    const q = this.queue(name) as BeeQueue<JobPayload> & { toKey(s: string): string };
    // bee-queue's own connection is closed by now (so the stopped run cannot record an outcome): use another.
    const redis = new Redis(this.options.redisUrl, { maxRetriesPerRequest: 2, lazyConnect: true });
    try {
      await redis.eval(HAND_BACK, 3, q.toKey('active'), q.toKey('stalling'), q.toKey('waiting'), jobId);
    } finally {
      redis.disconnect();
    }
  }
}
