/**
 * How many chunks a document's next write transaction takes.
 *
 * PGlite runs on the web server's own thread: while a batch of chunks is copied in (rows, full-text index,
 * HNSW graph inserts), no request is served. A batch's cost per chunk is not steady: graph inserts grow
 * with the graph, and a loaded machine makes all of it several times slower (measured during the
 * isolation bench on a 2-core machine at load 12: 32-chunk batches took 0.1–1.05 s). A fixed size is then
 * either too small on a quiet machine or a second-long stall on a busy one, so the size is steered by
 * time: each batch is timed, and the next is sized to take about `budgetMs` at the pace just measured.
 * PostgreSQL works in its own processes and takes large fixed batches.
 */
export interface WritePace {
  /** Chunks for the next batch. */
  readonly size: number;
  /** Records that `rows` chunks took `ms` to write; sizes the next batch. */
  record(rows: number, ms: number): void;
}

export function fixedPace(size: number): WritePace {
  return { size, record() {} };
}

/** A batch never grows more than this factor at once: one fast batch is not yet a trend. */
const GROWTH = 2;

export function timedPace(budgetMs: number, limits: { first: number; min: number; max: number }): WritePace {
  let size = limits.first;
  return {
    get size() {
      return size;
    },
    record(rows, ms) {
      if (rows <= 0) return;
      const fits = Math.floor(budgetMs / Math.max(ms / rows, 0.01));
      size = Math.max(limits.min, Math.min(limits.max, fits, rows * GROWTH));
    },
  };
}
