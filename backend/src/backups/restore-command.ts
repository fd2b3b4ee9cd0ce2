/**
 * A real restore (`npm run restore`): the chosen backup streamed into the target database, which must be
 * empty unless `force` (then its `public` schema is dropped first), and the restored row counts compared with
 * those taken at dump time.
 */
import type { Deps } from '../deps.js';
import { badRequest, conflict, notFound } from '../http/errors.js';
import { Backup } from './model.js';
import { adminQuery, countRowsAt, restoreDump } from './restore.js';
import { diffRowCounts, type RowCounts } from './row-counts.js';
import { createBackupStorage, type BackupStorage } from './storage.js';
import { newestBackup } from './verify.js';

export interface RestoreRequest {
  /** A backup id or `latest`. */
  ref: string;
  targetUrl: string;
  force?: boolean;
  storage?: BackupStorage;
  onProgress?(bytes: number): void;
}

export interface RestoreReport {
  backup: Backup;
  bytes: number;
  rowCounts: RowCounts;
  /** Tables whose counts differ from the dump's; empty = identical. */
  differences: string[];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** User tables in the target (extension-owned tables do not count as content). */
async function targetTables(url: string, ssl: boolean): Promise<string[]> {
  const rows = await adminQuery(
    { url, ssl },
    `SELECT n.nspname || '.' || c.relname AS t FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE c.relkind IN ('r','p','v','m','S') AND n.nspname NOT IN ('pg_catalog','information_schema') AND n.nspname NOT LIKE 'pg\\_%'
       AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype = 'e') ORDER BY 1`,
  );
  return rows.map((r) => String(r.t));
}

export async function restoreBackup(deps: Deps, req: RestoreRequest): Promise<RestoreReport> {
  if (req.ref !== 'latest' && !UUID.test(req.ref)) throw badRequest('Name a backup by its id or as "latest".');
  const backup = req.ref === 'latest' ? await newestBackup(deps) : await Backup.query(deps.knex).findById(req.ref);
  if (!backup) throw notFound('Backup');
  if (backup.status !== 'succeeded' || backup.deletedAt) throw conflict('backup_unavailable', `Backup ${backup.id} is ${backup.deletedAt ? 'deleted by retention' : backup.status}.`);
  const storage = req.storage ?? createBackupStorage(deps.config);
  if (backup.storageKind && backup.storageKind !== storage.kind) {
    throw conflict('storage_mismatch', `Backup ${backup.id} is in ${backup.storageKind} storage but ${storage.kind} storage is configured.`);
  }
  const ssl = deps.config.database.ssl;
  const tables = await targetTables(req.targetUrl, ssl);
  if (tables.length && !req.force) {
    throw conflict('target_not_empty', `The target database is not empty (${tables.length} tables, e.g. ${tables.slice(0, 3).join(', ')}). Pass --force to replace its public schema.`);
  }
  if (tables.length) await adminQuery({ url: req.targetUrl, ssl }, 'DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public;');
  const { bytes } = await restoreDump(storage, backup, { url: req.targetUrl, ssl }, req.onProgress);
  const rowCounts = await countRowsAt({ url: req.targetUrl, ssl });
  return { backup, bytes, rowCounts, differences: diffRowCounts(backup.rowCounts ?? {}, rowCounts) };
}
