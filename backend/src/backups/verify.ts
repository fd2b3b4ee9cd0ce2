/**
 * A backup that was never restored is not a backup: restore it into a scratch database on the server,
 * compare every table's row count with the counts taken in the dump's snapshot, drop the scratch database,
 * and record the outcome (`verified`, `verify_error`). A failure raises an alert.
 */
import { randomBytes } from 'node:crypto';
import { createGunzip } from 'node:zlib';
import type { Deps } from '../deps.js';
import { raiseAlert } from './alerts.js';
import { Backup } from './model.js';
import { withDatabase } from './pg-tools.js';
import { adminQuery, chain, countRowsAt, meter, restoreDump } from './restore.js';
import { countRows, diffRowCounts } from './row-counts.js';
import { createBackupStorage, type BackupStorage } from './storage.js';

export interface VerifyOptions {
  storage?: BackupStorage;
}

/** The newest succeeded backup that still has its object. */
export async function newestBackup(deps: Deps): Promise<Backup | undefined> {
  return Backup.query(deps.knex).where({ status: 'succeeded' }).whereNull('deletedAt').orderBy('startedAt', 'desc').first();
}

/** Restore-tests one backup: pg_dump dumps on the server (needs CREATEDB there), PGlite dumps in a fresh PGlite. */
export async function verifyBackup(deps: Deps, backupId: string, options: VerifyOptions = {}): Promise<Backup> {
  const storage = options.storage ?? createBackupStorage(deps.config);
  const backup = await Backup.query(deps.knex).findById(backupId);
  if (!backup || backup.status !== 'succeeded') throw new Error('Only a succeeded backup can be verified.');
  let error: string | null = null;
  try {
    if (backup.format === 'plain.gz') await verifyInPglite(storage, backup);
    else await verifyOnServer(deps, storage, backup);
  } catch (err) {
    error = (err instanceof Error ? err.message : String(err)).slice(0, 2000);
  }
  const row = await Backup.query(deps.knex).patchAndFetchById(backup.id, { verified: !error, verifiedAt: new Date(), verifyError: error });
  if (error) {
    await raiseAlert(deps, {
      kind: 'backup_verify_failed',
      dedupeKey: `backup_verify_failed:${backup.id}`,
      severity: 'critical',
      subject: 'Backup verification failed',
      text: `Backup ${backup.id} (${backup.location}) did not restore cleanly: ${error}`,
      details: { backupId: backup.id, error },
    }).catch((e) => deps.log.error({ err: e }, 'could not raise the verification alert'));
  } else {
    deps.log.info({ backupId: backup.id }, 'backup verified by a test restore');
  }
  return row;
}

/** pg_restore into a scratch database on the server (needs CREATEDB there), then compare row counts. */
async function verifyOnServer(deps: Deps, storage: BackupStorage, backup: Backup): Promise<void> {
  const adminUrl = deps.config.backups.scratchDatabaseUrl ?? deps.config.database.url;
  if (!adminUrl) throw new Error('No server to restore on: set DATABASE_URL or BACKUP_SCRATCH_DATABASE_URL.');
  const admin = { url: adminUrl, ssl: deps.config.database.ssl };
  const name = `intellio_verify_${Date.now()}_${randomBytes(3).toString('hex')}`;
  await adminQuery(admin, `CREATE DATABASE ${name}`);
  try {
    const scratch = { url: withDatabase(adminUrl, name), ssl: admin.ssl };
    await restoreDump(storage, backup, scratch);
    const diff = diffRowCounts(backup.rowCounts ?? {}, await countRowsAt(scratch));
    if (diff.length) throw new Error(`Row counts differ after restore: ${diff.slice(0, 10).join('; ')}`);
  } finally {
    await adminQuery(admin, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch((err) => deps.log.warn({ err, name }, 'could not drop the scratch database'));
  }
}

/**
 * A PGlite dump (gzipped SQL of INSERTs) is loaded into a fresh in-memory PGlite with pgvector and counted.
 * PGlite's exec takes the script as one string, so this holds the uncompressed dump in memory — fine at
 * the sizes the embedded database is meant for.
 */
async function verifyInPglite(storage: BackupStorage, backup: Backup): Promise<void> {
  const m = meter();
  const chunks: Buffer[] = [];
  for await (const chunk of chain(await storage.read(backup.storageKey as string), m, createGunzip())) chunks.push(chunk as Buffer);
  if (backup.checksum && `sha256:${m.digest()}` !== backup.checksum) throw new Error('Checksum mismatch: the stored object changed since the backup.');
  const [{ PGlite }, { vector }] = await Promise.all([import('@electric-sql/pglite'), import('@electric-sql/pglite-pgvector')]);
  const scratch = await PGlite.create('memory://', { extensions: { vector } });
  try {
    await scratch.exec(Buffer.concat(chunks).toString('utf8'));
    const counts = await countRows(async (sql) => (await scratch.query<Record<string, unknown>>(sql)).rows);
    const diff = diffRowCounts(backup.rowCounts ?? {}, counts);
    if (diff.length) throw new Error(`Row counts differ after restore: ${diff.slice(0, 10).join('; ')}`);
  } finally {
    await scratch.close();
  }
}
