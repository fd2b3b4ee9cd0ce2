/**
 * Token usage of embedding calls, one `embedding_usage` row per provider request (model, tokens, user,
 * document). The token ledger (billing) hooks in here: `deps.embeddingUsage.onEmbeddingUsage(fn)` runs `fn`
 * after each row is written, with the row's id as an idempotency key; or it reads the table.
 */
import type { Knex } from 'knex';
import type { Logger } from '../lib/logger.js';

export interface EmbeddingUsage {
  id: string;
  userId: string;
  projectId: string | null;
  documentId: string | null;
  purpose: 'document' | 'query';
  provider: string;
  model: string;
  inputs: number;
  tokens: number;
  /** Not stored here; passed on to listeners (the per-call token trail). */
  latencyMs?: number;
}

export type EmbeddingUsageListener = (usage: EmbeddingUsage) => Promise<void> | void;

export class EmbeddingUsageRecorder {
  private readonly listeners: EmbeddingUsageListener[] = [];

  constructor(
    private readonly knex: Knex,
    private readonly log: Logger,
  ) {}

  /** Registers a listener (e.g. the ledger debit) called after every recorded call. */
  onEmbeddingUsage(listener: EmbeddingUsageListener): () => void {
    this.listeners.push(listener);
    return () => {
      const i = this.listeners.indexOf(listener);
      if (i >= 0) this.listeners.splice(i, 1);
    };
  }

  async record(usage: Omit<EmbeddingUsage, 'id'>): Promise<EmbeddingUsage> {
    const { latencyMs: _latency, ...columns } = usage;
    const [row] = await this.knex('embedding_usage').insert(columns).returning('id');
    const recorded = { ...usage, id: (row as { id: string }).id };
    for (const listener of this.listeners) {
      try {
        await listener(recorded);
      } catch (err) {
        this.log.error({ err, usageId: recorded.id }, 'embedding usage listener failed');
      }
    }
    return recorded;
  }
}
