/**
 * Audit trail writer. Requests enqueue an entry and move on; entries are inserted in batches off the
 * request path (every 200 ms or 100 entries), and `close()` flushes what is left.
 */
import type { Knex } from 'knex';
import type { Logger } from '../lib/logger.js';

export interface ActivityEntry {
  userId: string | null;
  action: string;
  target?: string | null;
  ip?: string | null;
  userAgent?: string | null;
  metadata?: Record<string, unknown>;
}

export class ActivityLog {
  private queue: Array<ActivityEntry & { at: Date }> = [];
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly knex: Knex,
    private readonly log: Logger,
    private readonly batchSize = 100,
    private readonly delayMs = 200,
  ) {}

  record(entry: ActivityEntry): void {
    this.queue.push({ ...entry, at: new Date() });
    if (this.queue.length >= this.batchSize) void this.flush();
    else this.timer ??= setTimeout(() => void this.flush(), this.delayMs);
  }

  /** Writes everything queued so far; resolves when it is in the database. */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const batch = this.queue.splice(0);
    this.flushing = this.flushing.then(async () => {
      if (!batch.length) return;
      try {
        await this.knex('activity').insert(
          batch.map((e) => ({
            userId: e.userId,
            action: e.action,
            target: e.target ?? null,
            ip: e.ip ?? null,
            userAgent: e.userAgent?.slice(0, 500) ?? null,
            metadata: JSON.stringify(e.metadata ?? {}),
            at: e.at,
          })),
        );
      } catch (err) {
        // Losing an audit row must never fail the request that caused it; it is logged instead.
        this.log.error({ err, count: batch.length }, 'activity batch insert failed');
      }
    });
    return this.flushing;
  }

  async close(): Promise<void> {
    await this.flush();
  }
}
