/**
 * Embeddings from OpenAI or any OpenAI-compatible server (OPENAI_BASE_URL). Inputs go in large batches with
 * a bounded number of requests in flight; 429 and 5xx answers (and dropped connections) are retried with
 * exponential backoff, honouring Retry-After / retry-after-ms. Each request's token usage is reported.
 */
import OpenAI, { APIConnectionError, APIError, APIUserAbortError } from 'openai';
import { mapLimit, sleep } from '../queue/async.js';
import type { Logger } from '../lib/logger.js';
import type { Embedder, EmbedOptions, EmbedResult } from './embedder.js';

export interface OpenAIEmbedderOptions {
  apiKey?: string;
  baseUrl?: string;
  model: string;
  /** Requested output dimension (text-embedding-3 models can shorten their vectors). */
  dim?: number;
  batchSize: number;
  concurrency: number;
  maxRetries?: number;
  /** First backoff step; doubles per retry (jittered), capped at maxDelayMs. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  log: Logger;
}

/** An embedding request that retrying will not fix (bad key, unknown model, bad input). */
export class EmbeddingError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
  ) {
    super(message);
    this.name = 'EmbeddingError';
  }
}

const KNOWN_DIMS: Record<string, number> = {
  'text-embedding-3-small': 1536,
  'text-embedding-3-large': 3072,
  'text-embedding-ada-002': 1536,
};

export class OpenAIEmbedder implements Embedder {
  readonly provider = 'openai' as const;
  readonly model: string;
  private readonly client: OpenAI;
  private knownDim: number | undefined;

  constructor(private readonly options: OpenAIEmbedderOptions) {
    this.model = options.model;
    this.knownDim = options.dim ?? KNOWN_DIMS[options.model];
    // Retries are ours (to honour Retry-After and to count them); the SDK's are off.
    this.client = new OpenAI({ apiKey: options.apiKey ?? 'unused', baseURL: options.baseUrl, maxRetries: 0, timeout: 60_000 });
  }

  async dim(): Promise<number> {
    if (!this.knownDim) {
      const probe = await this.embed(['dimension probe']);
      this.knownDim = probe.vectors[0].length;
    }
    return this.knownDim;
  }

  async embed(texts: string[], options: EmbedOptions = {}): Promise<EmbedResult> {
    const batches: string[][] = [];
    for (let i = 0; i < texts.length; i += this.options.batchSize) batches.push(texts.slice(i, i + this.options.batchSize));
    const results = await mapLimit(batches, this.options.concurrency, async (batch) => {
      const started = Date.now();
      const res = await this.request(batch, options.signal);
      const call = { inputs: batch.length, tokens: res.usage?.total_tokens ?? res.usage?.prompt_tokens ?? 0, latencyMs: Date.now() - started };
      await options.onCall?.(call);
      const vectors = [...res.data].sort((a, b) => a.index - b.index).map((d) => Float32Array.from(d.embedding));
      if (vectors.length !== batch.length) throw new EmbeddingError(`The embedding server returned ${vectors.length} vectors for ${batch.length} inputs.`, true);
      return { vectors, call };
    });
    const vectors = results.flatMap((r) => r.vectors);
    if (vectors.length && !this.knownDim) this.knownDim = vectors[0].length;
    return { vectors, calls: results.map((r) => r.call) };
  }

  private async request(input: string[], signal?: AbortSignal): Promise<OpenAI.Embeddings.CreateEmbeddingResponse> {
    const maxRetries = this.options.maxRetries ?? 5;
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.client.embeddings.create(
          { model: this.model, input, encoding_format: 'float', ...(this.options.dim ? { dimensions: this.options.dim } : {}) },
          { signal },
        );
      } catch (err) {
        if (err instanceof APIUserAbortError || signal?.aborted) throw signal?.reason ?? err;
        const status = err instanceof APIError ? err.status : undefined;
        const retryable = err instanceof APIConnectionError || status === 429 || status === 408 || (status !== undefined && status >= 500);
        if (!retryable) throw new EmbeddingError(describe(err, status), false);
        if (attempt >= maxRetries) throw new EmbeddingError(`${describe(err, status)} (gave up after ${attempt + 1} tries)`, true);
        const wait = retryAfterMs(err instanceof APIError ? err.headers : undefined) ?? this.backoff(attempt);
        this.options.log.warn({ status, attempt: attempt + 1, waitMs: wait, model: this.model }, 'embedding request failed; retrying');
        await sleep(Math.min(wait, this.options.maxDelayMs ?? 60_000), signal);
      }
    }
  }

  private backoff(attempt: number): number {
    const base = (this.options.baseDelayMs ?? 500) * 2 ** attempt;
    return Math.min(base * (0.75 + Math.random() * 0.5), this.options.maxDelayMs ?? 60_000);
  }
}

/** Retry-After in seconds or as an HTTP date, or OpenAI's retry-after-ms. */
export function retryAfterMs(headers: Headers | undefined): number | undefined {
  if (!headers) return undefined;
  const ms = Number(headers.get('retry-after-ms'));
  if (headers.get('retry-after-ms') && Number.isFinite(ms) && ms >= 0) return ms;
  const value = headers.get('retry-after');
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

function describe(err: unknown, status: number | undefined): string {
  if (status === 401 || status === 403) return `The embedding provider refused the API key (HTTP ${status}).`;
  if (status === 404) return 'The embedding model was not found on the provider (HTTP 404). Check EMBEDDING_MODEL.';
  if (status === 429) return 'The embedding provider is rate-limiting requests (HTTP 429).';
  if (status !== undefined) return `The embedding provider answered HTTP ${status}: ${(err as Error).message}`;
  return `Could not reach the embedding provider: ${(err as Error).message}`;
}
