import type { Logger } from '../lib/logger.js';
import { sleep } from './async.js';
import { backoffDelay, type AddOptions, type JobHandler, type JobPayload, type Queue, type QueueDepth } from './queue.js';

interface Entry {
  payload: JobPayload;
  attempt: number;
  options: AddOptions;
}

interface Lane {
  waiting: Entry[];
  handler?: JobHandler;
  concurrency: number;
  running: number;
}

/** Jobs in memory, run in this process. Survives nothing: the runner re-enqueues unfinished jobs at start. */
export class InProcessQueue implements Queue {
  readonly kind = 'in-process' as const;
  private readonly lanes = new Map<string, Lane>();
  private readonly delayed = new Map<string, { timer: NodeJS.Timeout; name: string }>();
  private readonly active = new Set<Promise<void>>();
  private closed = false;

  constructor(private readonly log: Logger) {}

  private lane(name: string): Lane {
    let lane = this.lanes.get(name);
    if (!lane) {
      lane = { waiting: [], concurrency: 1, running: 0 };
      this.lanes.set(name, lane);
    }
    return lane;
  }

  async add(name: string, payload: JobPayload, options: AddOptions): Promise<void> {
    if (this.closed) throw new Error('queue is closed');
    this.lane(name).waiting.push({ payload, attempt: 1, options });
    this.pump(name);
  }

  process(name: string, concurrency: number, handler: JobHandler): void {
    const lane = this.lane(name);
    lane.handler = handler;
    lane.concurrency = concurrency;
    this.pump(name);
  }

  async remove(name: string, jobId: string): Promise<void> {
    const lane = this.lane(name);
    lane.waiting = lane.waiting.filter((e) => e.payload.jobId !== jobId);
    const timer = this.delayed.get(jobId)?.timer;
    if (timer) {
      clearTimeout(timer);
      this.delayed.delete(jobId);
    }
  }

  private pump(name: string): void {
    const lane = this.lane(name);
    while (!this.closed && lane.handler && lane.running < lane.concurrency && lane.waiting.length) {
      const entry = lane.waiting.shift() as Entry;
      lane.running += 1;
      const run = this.run(name, lane.handler, entry).finally(() => {
        lane.running -= 1;
        this.active.delete(run);
        this.pump(name);
      });
      this.active.add(run);
    }
  }

  private async run(name: string, handler: JobHandler, entry: Entry): Promise<void> {
    try {
      await handler({ payload: entry.payload });
    } catch (err) {
      if (entry.attempt >= entry.options.attempts || this.closed) {
        this.log.warn({ err, job: name, jobId: entry.payload.jobId }, 'job failed for good');
        return;
      }
      const delay = backoffDelay(entry.options.backoffMs, entry.attempt);
      this.log.info({ job: name, jobId: entry.payload.jobId, attempt: entry.attempt, delay }, 'job failed; retrying');
      const timer = setTimeout(() => {
        this.delayed.delete(entry.payload.jobId);
        this.lane(name).waiting.push({ ...entry, attempt: entry.attempt + 1 });
        this.pump(name);
      }, delay);
      this.delayed.set(entry.payload.jobId, { timer, name });
    }
  }

  async idle(): Promise<void> {
    for (;;) {
      const waiting = [...this.lanes.values()].some((l) => l.handler && l.waiting.length);
      if (!this.active.size && !this.delayed.size && !waiting) return;
      if (this.active.size) await Promise.allSettled([...this.active]);
      else await new Promise((r) => setTimeout(r, 10));
    }
  }

  async depth(): Promise<QueueDepth[]> {
    const delayed = new Map<string, number>();
    for (const d of this.delayed.values()) delayed.set(d.name, (delayed.get(d.name) ?? 0) + 1);
    return [...this.lanes].flatMap(([queue, lane]) => [
      { queue, state: 'waiting' as const, count: lane.waiting.length },
      { queue, state: 'active' as const, count: lane.running },
      { queue, state: 'delayed' as const, count: delayed.get(queue) ?? 0 },
    ]);
  }

  /** Waits up to `graceMs` for running jobs (default: for as long as they take). */
  async close(graceMs?: number): Promise<void> {
    this.closed = true;
    for (const d of this.delayed.values()) clearTimeout(d.timer);
    this.delayed.clear();
    const running = Promise.allSettled([...this.active]);
    await (graceMs === undefined ? running : Promise.race([running, sleep(graceMs)]));
  }

  /** Nothing to give back: unfinished rows are re-enqueued when the process starts again. */
  async handBack(): Promise<void> {}
}
