import BeeQueue from 'bee-queue';
import type { Logger } from '../lib/logger.js';
import type { AddOptions, JobHandler, JobPayload, Queue } from './queue.js';

export interface BeeQueueOptions {
  redisUrl: string;
  /** Key prefix in Redis (per deployment; tests use a random one). */
  prefix: string;
  /** This process consumes jobs (worker) rather than only enqueueing them. */
  isWorker: boolean;
}

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
        stallInterval: 10_000,
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
    // Jobs of a worker that died mid-run go back to waiting.
    void q.checkStalledJobs().catch(() => {});
    const timer = setInterval(() => void q.checkStalledJobs().catch(() => {}), 10_000);
    timer.unref();
    this.stallTimers.push(timer);
  }

  async remove(name: string, jobId: string): Promise<void> {
    await this.queue(name).removeJob(jobId);
  }

  async idle(): Promise<void> {
    while (this.running.size) await Promise.allSettled([...this.running]);
  }

  async close(): Promise<void> {
    for (const t of this.stallTimers) clearInterval(t);
    await Promise.allSettled([...this.queues.values()].map((q) => q.close(5000)));
  }
}
