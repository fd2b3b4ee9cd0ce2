/**
 * Migrations of the embedded database, run in a short-lived child process (`migrate-cli`) before this
 * process opens it. PGlite's WebAssembly heap grows to what its largest work needed and never gives memory
 * back, and migrating (index builds among it) needs far more than serving: migrated in-process, a new
 * server on an empty data directory held ~690 MB once started and peaked at ~980 MB on the way, against
 * ~550 MB when it opens an already migrated one (issue 26: the web process stays under 1 GB while a 45 MB
 * CSV ingests). A data directory is one process's at a time, so the child is done before this one opens it.
 *
 * A start on a data directory already migrated skips the child (~2 s): after migrating, the child leaves a
 * marker naming the latest migration inside the data directory (Postgres ignores files it does not know
 * there), so a removed or replaced directory takes its marker with it, and a newer release runs the child.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Config } from '../config.js';
import type { Logger } from '../lib/logger.js';
import { migrationSource } from './migrations/index.js';

/** True for PGlite on disk: PostgreSQL migrates in-process (its memory is the server's), and memory:// cannot be shared. */
export function migratesApart(config: Pick<Config, 'database'>): boolean {
  return !config.database.url && !config.database.pgliteDir.startsWith('memory://');
}

const here = fileURLToPath(import.meta.url);
// .ts under tsx (its loader is in execArgv and passes to the child), .js once compiled.
const CLI = path.join(path.dirname(here), `migrate-cli${path.extname(here)}`);

/** The marker's file name, inside the PGlite data directory. */
export const MIGRATED_MARKER = '.intellio-migrated';

/** The name of the newest migration this release has. */
async function latestMigration(): Promise<string> {
  return (await migrationSource.getMigrations([])).at(-1) ?? '';
}

/** Notes, inside the data directory, that it holds every migration of this release (migrate-cli, once migrated). */
export async function markMigrated(pgliteDir: string): Promise<void> {
  await fs.writeFile(path.join(pgliteDir, MIGRATED_MARKER), `${await latestMigration()}\n`);
}

/** Whether the data directory's marker names this release's newest migration (no marker, no directory: no). */
async function upToDate(pgliteDir: string): Promise<boolean> {
  const marked = await fs.readFile(path.join(pgliteDir, MIGRATED_MARKER), 'utf8').catch(() => null);
  return marked !== null && marked.trim() === (await latestMigration());
}

/** Migrates the embedded database in a child process, unless its marker says nothing is pending. */
export async function migrateInChildProcess(config: Pick<Config, 'database'>, log: Logger): Promise<'skipped' | 'migrated'> {
  if (await upToDate(config.database.pgliteDir)) {
    log.info('embedded database already migrated: no child process');
    return 'skipped';
  }
  const env: NodeJS.ProcessEnv = { ...process.env, PGLITE_DIR: config.database.pgliteDir };
  delete env.DATABASE_URL;
  const child = spawn(process.execPath, [...process.execArgv, CLI], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (b: Buffer) => (output += b.toString()));
  child.stderr.on('data', (b: Buffer) => (output += b.toString()));
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', resolve);
  });
  if (code !== 0) throw new Error(`Migrating the embedded database failed (exit ${code}): ${output.trim()}`);
  log.info({ migrations: output.trim() }, 'embedded database migrated in a child process');
  return 'migrated';
}
