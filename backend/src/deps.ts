/**
 * The process-wide dependencies every request and job uses, built once from the Config. `server.ts`,
 * `worker.ts` and the tests build them the same way; nothing here runs on import.
 */
import type { Knex } from 'knex';
import { Model } from 'objection';
import type { Config } from './config.js';
import { openDb, type DbHandle } from './db/knex.js';
import { migrateLatest } from './db/migrate.js';
import { ActivityLog } from './activity/log.js';
import { startActivityPurge } from './activity/retention.js';
import { watchLedger } from './billing/balance-events.js';
import { syncPlans } from './billing/plans.js';
import { debitEmbeddingUsage } from './billing/service.js';
import { checkDatabaseRole } from './backups/hardening.js';
import { bindBackupMetrics } from './backups/metrics.js';
import { startBackupScheduler } from './backups/scheduler.js';
import { BackgroundTasks } from './lib/background.js';
import { createLogger, type Logger } from './lib/logger.js';
import { createRedis, type Redis } from './lib/redis.js';
import { Mailer } from './mail/mailer.js';
import { RateLimits } from './http/rate-limit.js';
import { createEventBus, type EventBus } from './events/bus.js';
import { createEmbedder, type Embedder } from './llm/index.js';
import { recordEmbeddingCall } from './monitoring/trail.js';
import { EmbeddingUsageRecorder } from './llm/usage.js';
import { createQueue, startWorkers, type Queue } from './queue/index.js';
import { createStorage, type FileStorage } from './storage/index.js';
import { startFileSweeper } from './storage/deletions.js';
import { startStorageReconcile } from './storage/reconcile-schedule.js';

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

export interface DepsOptions {
  /** Use an already open database (tests share one per run). */
  db?: DbHandle;
  migrate?: boolean;
  logger?: Logger;
}

export async function createDeps(config: Config, options: DepsOptions = {}): Promise<DepsHandle> {
  const log = options.logger ?? createLogger(config.logLevel);
  const db = options.db ?? (await openDb(config));
  if (options.migrate !== false) await migrateLatest(db.knex);
  Model.knex(db.knex);
  await syncPlans(db.knex, config);
  bindBackupMetrics(db.knex);
  if (config.env === 'production' && db.engine === 'postgres') void checkDatabaseRole(db.knex, log, config.database.ssl).catch(() => {});
  const redis = config.redis.url ? createRedis(config.redis.url) : null;
  const activity = new ActivityLog(db.knex, log);
  const deps: Deps = {
    config,
    knex: db.knex,
    engine: db.engine,
    pglite: db.pglite,
    redis,
    log,
    mailer: new Mailer(db.knex, log, config.mail),
    activity,
    rateLimits: new RateLimits(config, redis),
    background: new BackgroundTasks(log),
    queue: createQueue(config, log),
    storage: createStorage(config),
    embedder: createEmbedder(config, log),
    embeddingUsage: new EmbeddingUsageRecorder(db.knex, log),
    events: createEventBus(redis, config.redis.prefix, log),
  };
  deps.embeddingUsage.onEmbeddingUsage(async (usage) => {
    // The debit and its row on the per-call token trail commit together.
    await deps.knex.transaction(async (trx) => recordEmbeddingCall(deps, trx, usage, await debitEmbeddingUsage({ ...deps, knex: trx }, usage)));
  });
  const unwatchLedger = watchLedger(deps);
  const workers = config.queue.runWorkersInProcess ? await startWorkers(deps) : null;
  // The backup schedule runs wherever jobs are consumed; tests start it themselves when they need it.
  const backupScheduler = config.queue.runWorkersInProcess && config.env !== 'test' ? startBackupScheduler(deps) : null;
  const activityPurge = config.queue.runWorkersInProcess && config.env !== 'test' ? startActivityPurge(deps) : null;
  const fileSweeper = config.queue.runWorkersInProcess && config.env !== 'test' ? startFileSweeper(deps) : null;
  const storageReconcile = config.queue.runWorkersInProcess && config.env !== 'test' ? startStorageReconcile(deps) : null;
  return {
    ...deps,
    async close() {
      unwatchLedger();
      await backupScheduler?.close();
      activityPurge?.close();
      fileSweeper?.close();
      await storageReconcile?.close();
      await workers?.close();
      await deps.queue.close();
      await deps.events.close();
      await deps.background.idle();
      await activity.close();
      await deps.mailer.close();
      if (redis) redis.disconnect();
      if (!options.db) await db.close();
    },
  };
}
