/**
 * Migrations of the embedded database, run in a short-lived child process (`migrate-cli`) before this
 * process opens it. PGlite's WebAssembly heap grows to what its largest work needed and never gives memory
 * back, and migrating (index builds among it) needs far more than serving: migrated in-process, a new
 * server on an empty data directory held ~690 MB once started and peaked at ~980 MB on the way, against
 * ~550 MB when it opens an already migrated one (issue 26: the web process stays under 1 GB while a 45 MB
 * CSV ingests). A data directory is one process's at a time, so the child is done before this one opens it.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Config } from '../config.js';
import type { Logger } from '../lib/logger.js';

/** True for PGlite on disk: PostgreSQL migrates in-process (its memory is the server's), and memory:// cannot be shared. */
export function migratesApart(config: Pick<Config, 'database'>): boolean {
  return !config.database.url && !config.database.pgliteDir.startsWith('memory://');
}

const here = fileURLToPath(import.meta.url);
// .ts under tsx (its loader is in execArgv and passes to the child), .js once compiled.
const CLI = path.join(path.dirname(here), `migrate-cli${path.extname(here)}`);

export async function migrateInChildProcess(config: Pick<Config, 'database'>, log: Logger): Promise<void> {
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
}
