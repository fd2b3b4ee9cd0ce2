/**
 * The PostgreSQL client tools (pg_dump, pg_restore, psql) run as child processes with their output or input
 * streamed, never buffered. Connection details go through PG* environment variables, so a password in
 * DATABASE_URL never appears in the process list.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { PassThrough, type Readable } from 'node:stream';

export interface PgTarget {
  url: string;
  /** TLS verifying the server certificate (DATABASE_SSL). */
  ssl?: boolean;
}

/** PG* variables for a connection URL (libpq reads these; argv stays free of secrets). */
export function pgEnv(target: PgTarget): NodeJS.ProcessEnv {
  const u = new URL(target.url);
  const env: NodeJS.ProcessEnv = { ...process.env, PGHOST: u.hostname, PGPORT: u.port || '5432', PGDATABASE: decodeURIComponent(u.pathname.slice(1)) };
  if (u.username) env.PGUSER = decodeURIComponent(u.username);
  if (u.password) env.PGPASSWORD = decodeURIComponent(u.password);
  const sslmode = u.searchParams.get('sslmode');
  if (sslmode) env.PGSSLMODE = sslmode;
  else if (target.ssl) env.PGSSLMODE = 'verify-full';
  env.PGAPPNAME = 'intellio-backup';
  return env;
}

/** The same server, another database name. */
export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

function collectStderr(child: ChildProcess): () => string {
  let text = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (d: string) => {
    if (text.length < 8000) text += d;
  });
  return () => text.trim();
}

/**
 * Spawns `command` and returns its stdout as a stream that ends only if the process exits 0, and errors
 * (with the tool's stderr) otherwise — so a consumer can never mistake a truncated dump for a whole one.
 * Destroying the returned stream kills the process.
 */
export function spawnOutput(command: string, args: string[], env: NodeJS.ProcessEnv): Readable {
  const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const stderr = collectStderr(child);
  const out = new PassThrough({ highWaterMark: 1 << 20 });
  child.stdout?.pipe(out, { end: false });
  child.on('error', (err) => out.destroy(err));
  child.on('close', (code, signal) => {
    if (code === 0) out.end();
    else out.destroy(new Error(`${command} failed (${signal ?? `exit ${code}`}): ${stderr() || 'no output'}`));
  });
  out.on('close', () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
  });
  return out;
}

/**
 * Spawns `command` reading `input` on stdin; resolves when it exits 0, rejects with its stderr otherwise
 * (or with the input's own error, e.g. a storage read failure).
 */
export function runWithInput(command: string, args: string[], env: NodeJS.ProcessEnv, input: Readable): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: ['pipe', 'pipe', 'pipe'] });
    const stderr = collectStderr(child);
    let inputError: Error | null = null;
    child.stdout?.resume();
    child.stdin?.on('error', () => {}); // EPIPE when the tool stops reading early; its exit code tells why
    input.on('error', (err) => {
      inputError = err;
      child.kill('SIGTERM');
    });
    input.pipe(child.stdin as NodeJS.WritableStream);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (inputError) reject(inputError);
      else if (code === 0) resolve(stderr());
      else reject(new Error(`${command} failed (${signal ?? `exit ${code}`}): ${stderr() || 'no output'}`));
    });
  });
}
