/**
 * The process-wide dependencies every request and job uses. This module is a leaf: it names the pieces by
 * their interfaces and imports no domain, so every domain can depend on it without a cycle. The one place
 * that builds them and starts background work is `boot.ts`, used by the entry points (`server.ts`,
 * `worker.ts`, the CLIs) and the tests.
 */
import type { Knex } from 'knex';
import type { ActivityLog } from './activity/log.js';
import type { Config } from './config.js';
import type { DbHandle } from './db/knex.js';
import type { EventBus } from './events/bus.js';
import type { RateLimits } from './http/rate-limit.js';
import type { BackgroundTasks } from './lib/background.js';
import type { Logger } from './lib/logger.js';
import type { Redis } from './lib/redis.js';
import type { Embedder } from './llm/embedder.js';
import type { EmbeddingUsageRecorder } from './llm/usage.js';
import type { Mailer } from './mail/mailer.js';
import type { Queue } from './queue/queue.js';
import type { FileStorage } from './storage/storage.js';

export interface Deps {
  config: Config;
  knex: Knex;
  engine: DbHandle['engine'];
  /** The embedded database (PGlite only), for backups. */
  pglite?: DbHandle['pglite'];
  redis: Redis | null;
  log: Logger;
  mailer: Mailer;
  activity: ActivityLog;
  rateLimits: RateLimits;
  background: BackgroundTasks;
  /** Background jobs (in-process, or bee-queue with REDIS_URL). */
  queue: Queue;
  /** Uploaded files (local disk, or GCS with GCS_BUCKET). */
  storage: FileStorage;
  embedder: Embedder;
  /** Token usage per embedding call; the ledger hooks in with `onEmbeddingUsage`. */
  embeddingUsage: EmbeddingUsageRecorder;
  /** Live events (Redis pub/sub with REDIS_URL, in-process otherwise). */
  events: EventBus;
}

export interface DepsHandle extends Deps {
  close(): Promise<void>;
}
