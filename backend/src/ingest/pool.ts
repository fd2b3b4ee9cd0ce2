/**
 * The ingest pool: uploaded files are read, chunked and (with the local embedder) embedded in worker
 * threads, so no file, however large or hostile, can hold the web server's event loop (issue 26 H2: a 45 MB
 * CSV had stopped every request for 212 s). Each worker has a heap limit (`INGEST_MEMORY_MB`) and each file
 * a time limit (`INGEST_TIMEOUT_SECONDS`); a file past either fails with a reason its owner can read, and
 * the worker is replaced.
 *
 * Plain `node:worker_threads` rather than piscina: the per-file limits need the worker's own 'error' and
 * 'exit' events (out of memory, killed at the deadline) and a replacement worker, and a file's chunks come
 * back as transferred buffers; that is ~150 lines here, not a dependency's worth.
 */
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { IngestLimits } from '../documents/extract/types.js';
import type { ChunkDraft } from '../documents/chunk.js';
import { DocumentReadError } from '../documents/failure.js';
import { PermanentJobError } from '../queue/runner.js';
import { PACKED_FIELDS, type ChunkBatch, type FromWorker, type IngestRequest, type IngestSummary, type PackedChunks, type ToWorker } from './protocol.js';

export type { ChunkBatch, IngestRequest, IngestSummary } from './protocol.js';

const here = fileURLToPath(import.meta.url);
// .ts under tsx (started through boot.mjs, which registers the loader in the thread), .js once compiled.
const ENTRY = path.join(path.dirname(here), `worker${path.extname(here)}`);

interface CallOptions {
  signal?: AbortSignal;
  /** When the whole file's reading must be over (ms since the epoch). */
  deadline: number;
  onProgress?: (percent: number) => void;
}

/** One file's chunks, handed over by the worker that read it (already free again); read them in batches. */
export class IngestTask {
  private readonly decoder = new TextDecoder();

  constructor(
    readonly summary: IngestSummary,
    private readonly chunks: PackedChunks,
  ) {}

  /** Chunks from..from+count, with their vectors when the worker embedded them. */
  batch(from: number, count: number): ChunkBatch {
    const { text, textEnds, locations, location, fields, vectors } = this.chunks;
    const end = Math.min(from + count, textEnds.length);
    const drafts: ChunkDraft[] = [];
    const copies: Array<number | null> = [];
    for (let i = from; i < end; i++) {
      const f = i * PACKED_FIELDS;
      drafts.push({
        text: this.decoder.decode(text.subarray(i ? textEnds[i - 1] : 0, textEnds[i])),
        location: locations[location[i]],
        page: fields[f] < 0 ? null : fields[f],
        charStart: fields[f + 1],
        charEnd: fields[f + 2],
        tokenCount: fields[f + 3],
      });
      copies.push(fields[f + 4] < 0 ? null : fields[f + 4]);
    }
    const dim = vectors ? vectors.length / textEnds.length : 0;
    return { drafts, copies, vectors: vectors ? vectors.subarray(from * dim, end * dim) : null };
  }
}

export class IngestPool {
  private readonly idle: Worker[] = [];
  private readonly busy = new Set<Worker>();
  private readonly waiting: Array<{ resolve: (w: Worker) => void; reject: (err: unknown) => void; signal?: AbortSignal }> = [];
  private closing = false;

  constructor(private readonly limits: Pick<IngestLimits, 'workers' | 'memoryMb' | 'timeoutMs'>) {}

  /** Reads the file on a free worker (waiting for one if all are busy) and resolves with its chunks. */
  async read(request: IngestRequest, options: { signal?: AbortSignal; onProgress?: (percent: number) => void } = {}): Promise<IngestTask> {
    const worker = await this.acquire(options.signal);
    try {
      const reply = await this.call(worker, { type: 'run', request }, { ...options, deadline: Date.now() + this.limits.timeoutMs });
      if (reply.type !== 'done') throw new Error(`unexpected reply ${reply.type}`);
      return new IngestTask(reply.summary, reply.chunks);
    } finally {
      this.release(worker);
    }
  }

  /** Stops every worker (shutdown); waiting reads are refused. */
  async close(): Promise<void> {
    this.closing = true;
    for (const w of this.waiting.splice(0)) w.reject(new Error('The ingest pool is closing.'));
    await Promise.all([...this.idle.splice(0), ...this.busy].map((w) => w.terminate()));
    this.busy.clear();
  }

  private spawn(): Worker {
    const ts = ENTRY.endsWith('.ts');
    const worker = new Worker(ts ? path.join(path.dirname(ENTRY), 'boot.mjs') : ENTRY, {
      workerData: { entry: pathToFileURL(ENTRY).href },
      resourceLimits: { maxOldGenerationSizeMb: this.limits.memoryMb },
      // Its output is the app's log stream; it has no stdin.
      stdin: false,
    });
    worker.on('error', () => {}); // each call listens for its own; an idle worker's death only removes it
    worker.on('exit', () => this.forget(worker));
    return worker;
  }

  private forget(worker: Worker): void {
    this.busy.delete(worker);
    const i = this.idle.indexOf(worker);
    if (i >= 0) this.idle.splice(i, 1);
    this.handOver();
  }

  private acquire(signal?: AbortSignal): Promise<Worker> {
    signal?.throwIfAborted();
    if (this.closing) return Promise.reject(new Error('The ingest pool is closing.'));
    return new Promise((resolve, reject) => {
      const waiter = { resolve, reject, signal };
      this.waiting.push(waiter);
      signal?.addEventListener('abort', () => {
        const i = this.waiting.indexOf(waiter);
        if (i >= 0) {
          this.waiting.splice(i, 1);
          reject(signal.reason);
        }
      }, { once: true });
      this.handOver();
    });
  }

  /** Gives free (or new) workers to waiting reads. */
  private handOver(): void {
    while (this.waiting.length && (this.idle.length || this.busy.size < this.limits.workers)) {
      const waiter = this.waiting.shift()!;
      const worker = this.idle.pop() ?? this.spawn();
      worker.ref();
      this.busy.add(worker);
      waiter.resolve(worker);
    }
  }

  private release(worker: Worker): void {
    if (!this.busy.delete(worker)) return; // gone already
    worker.unref(); // an idle worker does not keep the process alive
    this.idle.push(worker);
    this.handOver();
  }

  /** Stops a worker that misbehaved or was interrupted; a new one is started when needed. */
  private destroy(worker: Worker): void {
    this.busy.delete(worker);
    void worker.terminate();
  }

  /** Sends one request and waits for its answer, enforcing the abort signal, the deadline and the heap limit. */
  private call(worker: Worker, message: ToWorker, options: CallOptions): Promise<Exclude<FromWorker, { type: 'progress' }>> {
    return new Promise((resolve, reject) => {
      const finish = () => {
        clearTimeout(timer);
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
        options.signal?.removeEventListener('abort', onAbort);
      };
      const fail = (err: unknown, kill: boolean) => {
        finish();
        if (kill) this.destroy(worker);
        reject(err);
      };
      const onMessage = (reply: FromWorker) => {
        if (reply.type === 'progress') {
          options.onProgress?.(reply.percent);
          return;
        }
        finish();
        if (reply.type === 'failed') reject(failedError(reply));
        else resolve(reply);
      };
      const onError = (err: Error & { code?: string }) => {
        if (err.code === 'ERR_WORKER_OUT_OF_MEMORY') {
          const mb = this.limits.memoryMb;
          fail(new DocumentReadError('memory_limit', `Reading this file needed more than ${mb} MB of memory, the most one file may use here, so it was not read. Split it into smaller files.`, { mb }), true);
        } else {
          fail(err, true);
        }
      };
      const onExit = (code: number) => fail(new Error(`The ingest worker stopped (exit code ${code}).`), false);
      const onAbort = () => fail(options.signal?.reason, true);
      worker.on('message', onMessage);
      worker.on('error', onError);
      worker.on('exit', onExit);
      options.signal?.addEventListener('abort', onAbort, { once: true });
      const seconds = this.limits.timeoutMs / 1000;
      const timer = setTimeout(() => fail(new DocumentReadError('time_limit', `Reading this file took longer than ${seconds} seconds, the most one file may take here, so it was stopped. Split it into smaller files.`, { seconds }), true), Math.max(0, options.deadline - Date.now()));
      worker.postMessage(message);
    });
  }
}

/** The worker's error rebuilt on this side, with its failure code when it had one. */
function failedError(reply: Extract<FromWorker, { type: 'failed' }>): Error {
  if (reply.failure) return new DocumentReadError(reply.failure.code, reply.message, reply.failure.params);
  return reply.permanent ? new PermanentJobError(reply.message) : new Error(reply.message);
}

const pools = new Map<string, IngestPool>();

/** The process's pool for these limits (tests start apps with different ones). */
export function ingestPool(limits: Pick<IngestLimits, 'workers' | 'memoryMb' | 'timeoutMs'>): IngestPool {
  const key = `${limits.workers}/${limits.memoryMb}/${limits.timeoutMs}`;
  let pool = pools.get(key);
  if (!pool) pools.set(key, (pool = new IngestPool(limits)));
  return pool;
}

/** Stops every pool's workers (process shutdown). */
export async function closeIngestPools(): Promise<void> {
  const all = [...pools.values()];
  pools.clear();
  await Promise.all(all.map((p) => p.close()));
}
