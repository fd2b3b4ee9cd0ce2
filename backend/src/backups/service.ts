/**
 * One backup run: lock → snapshot + row counts → dump streamed through SHA-256 to storage → `backups` row →
 * verification → retention → storage usage and alerts.
 *
 * PostgreSQL: a REPEATABLE READ transaction takes `pg_try_advisory_xact_lock` (a second trigger anywhere gets
 * "already running"), exports its snapshot and counts rows in it; `pg_dump --snapshot` dumps exactly that
 * snapshot, so the counts are what a restore must reproduce. PGlite: one process owns the database, so an
 * in-process lock suffices; its own pg_dump (WASM) writes plain SQL, gzipped here.
 */
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { createGzip } from 'node:zlib';
import type { Knex } from 'knex';
import { isUniqueViolation } from '../db/errors.js';
import type { Deps } from '../deps.js';
import { raiseAlert } from './alerts.js';
import { Backup, type BackupFormat } from './model.js';
import { pgEnv, spawnOutput } from './pg-tools.js';
import { chain, meter } from './restore.js';
import { planRetention } from './retention.js';
import { countRows, type RowCounts } from './row-counts.js';
import { createBackupStorage, type BackupStorage } from './storage.js';
import { verifyBackup } from './verify.js';

/** Advisory lock id shared by every process backing up this database ("intellio" + "bkp"). */
const LOCK_KEY = 0x696e74656c6c; // fits in a bigint, stable across releases
const pgliteRunning = new WeakSet<object>();

export interface BackupOptions {
  trigger: 'schedule' | 'api' | 'cli';
  requestedBy?: string | null;
  /** The cron slot of a scheduled run: a slot already backed up by another process is skipped. */
  scheduledFor?: Date;
  storage?: BackupStorage;
  /** Restore-test after the dump (default: BACKUP_VERIFY). */
  verify?: boolean;
  onProgress?(bytes: number): void;
}

export interface StartedBackup {
  backup: Backup;
  /** Settles with the final row (succeeded or failed); never rejects for a backup failure. */
  done: Promise<Backup>;
}

/** The database the backups are taken of (DATABASE_URL). */
export function databaseTarget(deps: Deps): { url: string; ssl: boolean } {
  if (!deps.config.database.url) throw new Error('DATABASE_URL is not set.');
  return { url: deps.config.database.url, ssl: deps.config.database.ssl };
}

/**
 * Starts a backup and resolves once its row exists (with the work continuing in `done`), or with null when
 * another backup holds the lock or this scheduled slot was already taken.
 */
export function startBackup(deps: Deps, options: BackupOptions): Promise<StartedBackup | null> {
  const storage = options.storage ?? createBackupStorage(deps.config);
  return new Promise((resolve, reject) => {
    let started: Backup | null = null;
    let settle: (b: Backup) => void = () => {};
    const done = new Promise<Backup>((r) => (settle = r));
    const onStarted = (backup: Backup) => {
      started = backup;
      resolve({ backup, done });
    };
    const run = deps.engine === 'postgres' ? dumpPostgres(deps, storage, options, onStarted) : dumpPglite(deps, storage, options, onStarted);
    run.then(
      (row) => (started && row ? settle(row) : resolve(null)),
      async (err: unknown) => {
        if (!started) return reject(err);
        deps.log.error({ err }, 'backup crashed');
        settle(await markCrashed(deps, started, err));
      },
    );
  });
}

/** An unexpected error after the row was written (e.g. the database went away): never leave it "running". */
async function markCrashed(deps: Deps, backup: Backup, err: unknown): Promise<Backup> {
  const error = `Backup crashed: ${err instanceof Error ? err.message : String(err)}`.slice(0, 2000);
  try {
    await Backup.query(deps.knex).patch({ status: 'failed', finishedAt: new Date(), error }).where({ id: backup.id, status: 'running' });
    await raiseAlert(deps, { kind: 'backup_failed', severity: 'critical', subject: 'Database backup failed', text: `Backup ${backup.id}: ${error}`, details: { backupId: backup.id, error } });
    return (await Backup.query(deps.knex).findById(backup.id)) ?? backup;
  } catch {
    return Object.assign(backup, { status: 'failed' as const, error });
  }
}

/** Runs a backup to the end: the final row, or null if another one was already running. */
export async function runBackup(deps: Deps, options: BackupOptions): Promise<Backup | null> {
  const started = await startBackup(deps, options);
  return started ? started.done : null;
}

type OnStarted = (backup: Backup) => void;

async function dumpPostgres(deps: Deps, storage: BackupStorage, options: BackupOptions, onStarted: OnStarted): Promise<Backup | null> {
  const target = databaseTarget(deps);
  const row = await deps.knex.transaction(
    async (trx) => {
      const lock = await trx.raw('SELECT pg_try_advisory_xact_lock(?) AS ok', [LOCK_KEY]);
      if (!lock.rows[0].ok) return null;
      const snapshot = (await trx.raw('SELECT pg_export_snapshot() AS s')).rows[0].s as string;
      const rowCounts = await countRows(async (sql) => (await trx.raw(sql)).rows);
      // The row is written on another connection so the admin list shows it while the dump runs.
      const backup = await insertRow(deps.knex, storage, options, { engine: 'postgres', format: 'custom', rowCounts, prefix: deps.config.backups.prefix });
      if (!backup) return null;
      onStarted(backup);
      const dump = spawnOutput('pg_dump', ['--format=custom', `--snapshot=${snapshot}`, '--no-password'], pgEnv(target));
      return store(deps, storage, backup, dump, 'application/octet-stream', options);
    },
    { isolationLevel: 'repeatable read' },
  );
  if (!row) return null;
  return afterDump(deps, storage, row, options);
}

async function dumpPglite(deps: Deps, storage: BackupStorage, options: BackupOptions, onStarted: OnStarted): Promise<Backup | null> {
  const pglite = deps.pglite;
  if (!pglite) throw new Error('No embedded database to back up.');
  if (pgliteRunning.has(pglite)) return null;
  pgliteRunning.add(pglite);
  try {
    const backup = await insertRow(deps.knex, storage, options, { engine: 'pglite', format: 'plain.gz', rowCounts: {}, prefix: deps.config.backups.prefix });
    if (!backup) return null;
    onStarted(backup);
    const source = pgliteDump(deps, pglite).then(async ({ file, rowCounts }) => {
      await Backup.query(deps.knex).patch({ rowCounts }).where({ id: backup.id });
      backup.rowCounts = rowCounts;
      return Readable.fromWeb(file.stream() as import('node:stream/web').ReadableStream);
    });
    const stored = await store(deps, storage, backup, lazy(source, createGzip()), 'application/gzip', options);
    return await afterDump(deps, storage, stored, options);
  } finally {
    pgliteRunning.delete(pglite);
  }
}

interface PoolClient {
  acquireConnection(): Promise<unknown>;
  releaseConnection(connection: unknown): Promise<void>;
}

/**
 * PGlite is one session, and its pg_dump runs in it: it leaves a read-only transaction and session settings
 * behind. Holding knex's only pooled connection keeps every other query waiting (instead of running inside
 * that transaction) until the counts and the dump are taken and the session is reset.
 */
async function pgliteDump(deps: Deps, pglite: NonNullable<Deps['pglite']>): Promise<{ file: File; rowCounts: RowCounts }> {
  const pool = deps.knex.client as PoolClient;
  const connection = await pool.acquireConnection();
  try {
    const rowCounts = await countRows(async (sql) => (await pglite.query<Record<string, unknown>>(sql)).rows);
    const { pgDump } = await import('@electric-sql/pglite-tools/pg_dump');
    // pglite-tools hands back the whole dump as a File (its WASM pg_dump writes to a virtual file); from
    // there on it is streamed and gzipped like any other. INSERTs in batches so a PGlite can load it.
    const file = await pgDump({ pg: pglite, args: ['--no-owner', '--rows-per-insert=500'] });
    return { file, rowCounts };
  } finally {
    await pglite.exec('ROLLBACK; RESET ALL;').catch((err) => deps.log.warn({ err }, 'could not reset the PGlite session after pg_dump'));
    await pool.releaseConnection(connection);
  }
}

/** A stream whose source is produced asynchronously (an error producing it errors the stream). */
function lazy(source: Promise<Readable>, transform: import('node:stream').Transform): Readable {
  source.then(
    (s) => chain(s, transform),
    (err: Error) => transform.destroy(err),
  );
  return transform;
}

interface NewRow {
  engine: 'postgres' | 'pglite';
  format: BackupFormat;
  rowCounts: RowCounts;
  prefix: string;
}

async function insertRow(knex: Knex, storage: BackupStorage, options: BackupOptions, row: NewRow): Promise<Backup | null> {
  const id = randomUUID();
  const now = new Date();
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  const key = `${row.prefix}intellio-${stamp}-${id.slice(0, 8)}.${row.format === 'custom' ? 'dump' : 'sql.gz'}`;
  try {
    return await knex.transaction(async (trx) => {
      // We hold the lock, so a row still "running" belongs to a process that died mid-backup.
      await Backup.query(trx).patch({ status: 'failed', error: 'Interrupted: the process stopped during the backup.', finishedAt: now }).where({ status: 'running' });
      return Backup.query(trx).insertAndFetch({
        id,
        status: 'running',
        trigger: options.trigger,
        engine: row.engine,
        format: row.format,
        scheduledFor: options.scheduledFor ?? null,
        requestedBy: options.requestedBy ?? null,
        startedAt: now,
        storageKind: storage.kind,
        storageKey: key,
        location: storage.location(key),
        rowCounts: row.rowCounts,
      });
    });
  } catch (err) {
    // This cron slot was backed up already (objection wraps the driver's unique violation).
    if (isUniqueViolation(err)) return null;
    throw err;
  }
}

/** Streams the dump into storage. Any failure leaves a `failed` row, no object, and an alert. */
async function store(deps: Deps, storage: BackupStorage, backup: Backup, dump: Readable, contentType: string, options: BackupOptions): Promise<Backup> {
  const key = backup.storageKey as string;
  const m = meter(options.onProgress);
  try {
    await storage.upload(key, chain(dump, m), contentType);
    return await Backup.query(deps.knex).patchAndFetchById(backup.id, {
      status: 'succeeded',
      finishedAt: new Date(),
      bytes: m.bytes(),
      checksum: `sha256:${m.digest()}`,
    });
  } catch (err) {
    dump.destroy();
    const message = err instanceof Error ? err.message : String(err);
    await storage.delete(key).catch((e) => deps.log.warn({ err: e, key }, 'could not remove a partial backup object'));
    const failed = await Backup.query(deps.knex).patchAndFetchById(backup.id, { status: 'failed', finishedAt: new Date(), error: message.slice(0, 2000) });
    await raiseAlert(deps, {
      kind: 'backup_failed',
      severity: 'critical',
      subject: 'Database backup failed',
      text: `Backup ${backup.id} (${backup.trigger}) failed after ${m.bytes()} bytes: ${message}`,
      details: { backupId: backup.id, error: message },
    }).catch((e) => deps.log.error({ err: e }, 'could not raise the backup alert'));
    return failed;
  }
}

/** Verification, retention and storage checks after a dump (outside the lock: they do not need it). */
async function afterDump(deps: Deps, storage: BackupStorage, backup: Backup, options: BackupOptions): Promise<Backup> {
  if (backup.status !== 'succeeded') return backup;
  let row = backup;
  const verify = options.verify ?? deps.config.backups.verify;
  if (verify) row = await verifyBackup(deps, backup.id, { storage });
  await applyRetention(deps, storage).catch((err) => deps.log.error({ err }, 'backup retention failed'));
  await checkStorage(deps, storage).catch((err) => deps.log.error({ err }, 'backup storage check failed'));
  return row;
}

/** Deletes the objects (and marks the rows) that the retention policy no longer keeps. Returns them. */
export async function applyRetention(deps: Deps, storage: BackupStorage, now = new Date()): Promise<Backup[]> {
  const rows = await Backup.query(deps.knex).where({ status: 'succeeded' }).whereNull('deletedAt').whereNotNull('storageKey');
  const plan = planRetention(
    rows.map((b) => Object.assign(b, { at: new Date(b.startedAt) })),
    deps.config.backups.retain,
  );
  for (const b of plan.remove) {
    await storage.delete(b.storageKey as string);
    await Backup.query(deps.knex).patch({ deletedAt: now }).where({ id: b.id });
  }
  if (plan.remove.length) deps.log.info({ deleted: plan.remove.length, kept: plan.keep.length }, 'backup retention applied');
  return plan.remove;
}

/** Records storage usage (for the admin chart and the gauge) and alerts over the threshold. */
export async function checkStorage(deps: Deps, storage: BackupStorage): Promise<{ bytes: number; objects: number }> {
  const objects = await storage.list(deps.config.backups.prefix);
  const bytes = objects.reduce((s, o) => s + o.bytes, 0);
  await deps.knex('backup_storage_samples').insert({ bytes, objects: objects.length });
  const limit = deps.config.backups.storageAlertBytes;
  if (limit && bytes > limit) {
    await raiseAlert(deps, {
      kind: 'backup_storage',
      severity: 'warning',
      subject: 'Backup storage is over its threshold',
      text: `Backups use ${bytes} bytes in ${objects.length} objects, over the ${limit}-byte threshold (BACKUP_STORAGE_ALERT_BYTES).`,
      details: { bytes, objects: objects.length, threshold: limit },
    });
  }
  return { bytes, objects: objects.length };
}

/** Alerts when no backup has succeeded within BACKUP_MAX_AGE_HOURS. Returns whether it alerted. */
export async function checkFreshness(deps: Deps, now = new Date()): Promise<boolean> {
  const last = await Backup.query(deps.knex).where({ status: 'succeeded' }).orderBy('finishedAt', 'desc').first();
  const maxAgeMs = deps.config.backups.maxAgeHours * 3_600_000;
  const lastAt = last?.finishedAt ? new Date(last.finishedAt) : null;
  if (lastAt && now.getTime() - lastAt.getTime() <= maxAgeMs) return false;
  await raiseAlert(deps, {
    kind: 'backup_stale',
    severity: 'critical',
    subject: `No successful backup in ${deps.config.backups.maxAgeHours} hours`,
    text: lastAt ? `The last successful backup finished at ${lastAt.toISOString()}.` : 'No backup has ever succeeded.',
    details: { lastSuccessAt: lastAt?.toISOString() ?? null },
  });
  return true;
}
