/**
 * A document's chunk batches written side by side (issue 30). On PostgreSQL each write transaction runs
 * on a backend of its own, and most of a write is the database's work: HNSW graph inserts, then the
 * full-text columns and their GIN indexes. Written one after another, one backend worked while the
 * other core idled (bench/ingest.ts, 240 PDF pages: PostgreSQL 0.74 core-seconds of a 0.75 s pass, Node
 * 0.2). PGlite has one connection and takes one lane.
 *
 * `add` starts a write and returns once fewer than `lanes` are running, so the caller prepares the next
 * batch while they run. Each write's `onDone` runs in the order the writes were added. When one fails,
 * the others are waited for before its error is thrown, and `stop` waits for them all: the caller removes
 * what was written and must not race a write still going.
 */
type Outcome = { ok: true } | { ok: false; error: unknown };

interface Running {
  outcome: Promise<Outcome>;
  onDone: () => unknown;
}

export class WriteLanes {
  private readonly running: Running[] = [];

  constructor(private readonly lanes: number) {
    if (!Number.isInteger(lanes) || lanes < 1) throw new RangeError(`lanes must be a whole number ≥ 1, got ${lanes}`);
  }

  async add(write: () => Promise<unknown>, onDone: () => unknown = () => {}): Promise<void> {
    // Settled into an outcome at once: a write that fails while an older one is awaited is not an
    // unhandled rejection, and its error is thrown in turn.
    const outcome = write().then((): Outcome => ({ ok: true }), (error: unknown): Outcome => ({ ok: false, error }));
    this.running.push({ outcome, onDone });
    while (this.running.length >= this.lanes) await this.settleOldest();
  }

  /** Waits for every write added; throws the first failure (after the rest have ended). */
  async drain(): Promise<void> {
    while (this.running.length) await this.settleOldest();
  }

  /** Waits for every write still running, whatever their outcome (before cleaning up after a failure). */
  async stop(): Promise<void> {
    await Promise.all(this.running.splice(0).map((r) => r.outcome));
  }

  private async settleOldest(): Promise<void> {
    const oldest = this.running.shift();
    if (!oldest) return;
    const result = await oldest.outcome;
    if (!result.ok) {
      await this.stop();
      throw result.error;
    }
    await oldest.onDone();
  }
}
