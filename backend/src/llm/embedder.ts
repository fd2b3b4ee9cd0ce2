/**
 * Embedding providers behind one interface. The model name and dimension are stored with every chunk; a
 * query is only ever compared with chunks of the same model and dimension.
 */
export interface EmbeddingCall {
  /** Inputs in this API call. */
  inputs: number;
  /** Tokens the provider billed for this call. */
  tokens: number;
  /** How long the provider took to answer (the per-call token trail records it). */
  latencyMs?: number;
}

export interface EmbedResult {
  vectors: Float32Array[];
  /** One entry per provider request (empty for the local embedder, which bills nothing). */
  calls: EmbeddingCall[];
}

export interface EmbedOptions {
  signal?: AbortSignal;
  /** Called after each provider request with its usage (recorded per call). */
  onCall?: (call: EmbeddingCall) => Promise<void> | void;
}

export interface Embedder {
  readonly provider: 'local' | 'openai';
  readonly model: string;
  /** Known up front for the local embedder; learnt from the first response for a remote model. */
  dim(): Promise<number>;
  embed(texts: string[], options?: EmbedOptions): Promise<EmbedResult>;
}
