import type { Config } from '../config.js';
import type { Logger } from '../lib/logger.js';
import type { Embedder } from './embedder.js';
import { LocalEmbedder } from './local-embedder.js';
import { OpenAIEmbedder } from './openai-embedder.js';

export type { Embedder } from './embedder.js';

/** The configured embedder: local hashing (default) or OpenAI-compatible. */
export function createEmbedder(config: Config, log: Logger): Embedder {
  const e = config.embeddings;
  if (e.provider === 'openai') {
    return new OpenAIEmbedder({
      apiKey: config.openai.apiKey,
      baseUrl: config.openai.baseUrl,
      model: e.model,
      dim: e.dim,
      batchSize: e.batchSize,
      concurrency: e.concurrency,
      log,
    });
  }
  return new LocalEmbedder(e.model, e.dim ?? 384);
}
