import type { Logger } from './logger.js';

/**
 * Work that must not delay a response (and must not reveal timing), but must finish before shutdown.
 */
export class BackgroundTasks {
  private readonly pending = new Set<Promise<void>>();

  constructor(private readonly log: Logger) {}

  run(name: string, fn: () => Promise<void>): void {
    const task = fn()
      .catch((err) => this.log.error({ err, task: name }, 'background task failed'))
      .finally(() => this.pending.delete(task));
    this.pending.add(task);
  }

  /** Resolves when everything started so far has finished (tests use it to wait for mail). */
  async idle(): Promise<void> {
    while (this.pending.size) await Promise.all([...this.pending]);
  }
}
