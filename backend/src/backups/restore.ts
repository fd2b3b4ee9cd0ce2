/**
 * Streams a backup object from storage into a PostgreSQL database (pg_restore for custom dumps, psql for
 * PGlite's gzipped SQL), hashing what it reads so a corrupted or swapped object is caught by its SHA-256.
 * Used by verification (into a scratch database) and by `npm run restore` (into a real one).
 */
import { createHash } from 'node:crypto';
import { pipeline, Transform, type Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import pg from 'pg';
import type { Backup } from './model.js';
import { pgEnv, runWithInput, type PgTarget } from './pg-tools.js';
import { countRows, type RowCounts } from './row-counts.js';
import type { BackupStorage } from './storage.js';

/** A Transform that passes bytes through while hashing and counting them. */
export function meter(onBytes?: (bytes: number) => void): Transform & { digest(): string; bytes(): number } {
  const hash = createHash('sha256');
  let bytes = 0;
  let digest: string | null = null;
  const t = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      hash.update(chunk);
      bytes += chunk.length;
      onBytes?.(bytes);
      cb(null, chunk);
    },
  });
  return Object.assign(t, {
    digest: () => (digest ??= hash.digest('hex')),
    bytes: () => bytes,
  });
}

/** `source` piped through `streams`; an error anywhere destroys the whole chain (and kills child tools). */
export function chain(source: Readable, ...streams: Transform[]): Readable {
  if (!streams.length) return source;
  return pipeline([source, ...streams], () => {}) as unknown as Readable;
}

export interface RestoreResult {
  bytes: number;
  checksum: string;
}

/** Restores `backup` into `target` (which should be empty). Throws on a tool error or a checksum mismatch. */
export async function restoreDump(storage: BackupStorage, backup: Backup, target: PgTarget, onBytes?: (n: number) => void): Promise<RestoreResult> {
  if (!backup.storageKey) throw new Error('This backup has no stored object.');
  const m = meter(onBytes);
  const env = pgEnv(target);
  let toolError: Error | null = null;
  try {
    const source = await storage.read(backup.storageKey);
    if (backup.format === 'custom') {
      await runWithInput('pg_restore', ['--no-owner', '--no-privileges', '--exit-on-error', `--dbname=${env.PGDATABASE}`], env, chain(source, m));
    } else {
      // PGlite dumps come from a newer server: settings it knows and this one does not are skipped, not fatal.
      await runWithInput('psql', ['--quiet', '--no-psqlrc', '--set=ON_ERROR_STOP=0'], env, chain(source, m, createGunzip()));
    }
  } catch (err) {
    toolError = err as Error;
  }
  const checksum = `sha256:${m.digest()}`;
  const mismatch = backup.checksum && !toolError && checksum !== backup.checksum;
  if (toolError) {
    throw new Error(`Restore failed: ${toolError.message}${backup.checksum && m.bytes() === backup.bytes && checksum !== backup.checksum ? ' (and the checksum does not match)' : ''}`);
  }
  if (mismatch) throw new Error(`Checksum mismatch: the object's SHA-256 is ${checksum}, the backup recorded ${backup.checksum}.`);
  return { bytes: m.bytes(), checksum };
}

/** Row counts of a database reached by URL. */
export async function countRowsAt(target: PgTarget): Promise<RowCounts> {
  const client = new pg.Client({ connectionString: target.url, ssl: target.ssl ? { rejectUnauthorized: true } : undefined });
  await client.connect();
  try {
    return await countRows(async (sql) => (await client.query(sql)).rows);
  } finally {
    await client.end();
  }
}

/** Runs `sql` on a database reached by URL (CREATE/DROP DATABASE need their own connection). */
export async function adminQuery(target: PgTarget, sql: string): Promise<Array<Record<string, unknown>>> {
  const client = new pg.Client({ connectionString: target.url, ssl: target.ssl ? { rejectUnauthorized: true } : undefined });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}
