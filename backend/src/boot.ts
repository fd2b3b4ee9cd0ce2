/**
 * The composition root: builds the process's dependencies from a Config (open and migrate the database,
 * connect Redis, pick the queue, storage, embedder and mailer) and starts the background work that runs
 * where jobs are consumed (workers, schedulers, sweepers). Entry points and tests call it; domains never
 * import it — they depend on the `Deps` interface in `deps.ts`.
 */
import { Model } from 'objection';
import type { Config } from './config.js';
import type { Deps, DepsHandle } from './deps.js';
import { openDb, type DbHandle } from './db/knex.js';
import { migrateLatest } from './db/migrate.js';
import { migrateInChildProcess, migratesApart } from './db/migrate-apart.js';
import { DatabaseRequirementError } from './db/requirements.js';
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
import { createRedis } from './lib/redis.js';
import { Mailer } from './mail/mailer.js';
import { RateLimits } from './http/rate-limit.js';
import { createEventBus } from './events/bus.js';
import { createEmbedder } from './llm/index.js';
import { recordEmbeddingCall } from './monitoring/trail.js';
import { EmbeddingUsageRecorder } from './llm/usage.js';
import { createQueue, startWorkers } from './queue/index.js';
import { createStorage } from './storage/index.js';
import { startFileSweeper } from './storage/deletions.js';
import { startStorageReconcile } from './storage/reconcile-schedule.js';

export type { Deps, DepsHandle } from './deps.js';

export interface DepsOptions {
  /** Use an already open database (tests share one per run). */
  db?: DbHandle;
  migrate?: boolean;
  logger?: Logger;
}

/** What an entry point holds: the deps, and the graceful stop of the work this process consumes. */
export interface ProcessHandle extends DepsHandle {
  /**
   * SIGTERM: takes no new job, gives running ones up to `graceMs`, then hands the rest back to the queue.
   * Resolves with how many were handed back. `close()` afterwards releases everything else.
   */
  stopWork(graceMs: number): Promise<number>;
}

/** Builds and starts everything one process needs; `close()` stops it in reverse order. */
export async function createDeps(config: Config, options: DepsOptions = {}): Promise<ProcessHandle> {
  const log = options.logger ?? createLogger(config.logLevel);
  const apart = !options.db && options.migrate !== false && migratesApart(config);
  if (apart) await migrateInChildProcess(config, log);
  const db = options.db ?? (await openDb(config));
  if (options.migrate !== false && !apart) await migrateLatest(db.knex);
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
  const background = await startBackground(deps);
  return {
    ...deps,
    stopWork: (graceMs) => background.stopWork(graceMs),
    async close() {
      await background.close();
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

/**
 * What runs beside requests: the ledger watch (live balances) everywhere; where jobs are consumed, the
 * queue's workers and, outside tests (which start what they need), the schedules and sweepers.
 */
async function startBackground(deps: Deps): Promise<{ stopWork(graceMs: number): Promise<number>; close(): Promise<void> }> {
  const { config } = deps;
  const consumes = config.queue.runWorkersInProcess;
  const scheduled = consumes && config.env !== 'test';
  const unwatchLedger = watchLedger(deps);
  const workers = consumes ? await startWorkers(deps) : null;
  const backupScheduler = scheduled ? startBackupScheduler(deps) : null;
  const activityPurge = scheduled ? startActivityPurge(deps) : null;
  const fileSweeper = scheduled ? startFileSweeper(deps) : null;
  const storageReconcile = scheduled ? startStorageReconcile(deps) : null;
  return {
    async stopWork(graceMs) {
      return workers ? workers.shutdown(graceMs) : 0;
    },
    async close() {
      unwatchLedger();
      await backupScheduler?.close();
      activityPurge?.close();
      fileSweeper?.close();
      await storageReconcile?.close();
      await workers?.close();
    },
  };
}

/**
 * `createDeps` for an entry point (`npm start`, `npm run worker`): a database that lacks what Intellio needs
 * (pgvector) is the operator's to fix, so it ends the process with one line that says how, not a stack trace.
 */
export async function createDepsOrExit(config: Config, options: DepsOptions = {}): Promise<ProcessHandle> {
  try {
    return await createDeps(config, options);
  } catch (err) {
    if (!(err instanceof DatabaseRequirementError)) throw err;
    console.error(err.message);
    process.exit(1);
  }
}
