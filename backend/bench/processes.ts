/**
 * Bench plumbing for benches that run the product as separate processes: a free port, a throwaway
 * PostgreSQL database, and a child process started with tsx and waited for until it answers.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import net from 'node:net';
import path from 'node:path';
import { ROOT_DIR } from '../src/config.js';
import { admin, postgresUrl } from './support.js';

export const BACKEND = path.join(ROOT_DIR, 'backend');

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

/** An empty database on the local PostgreSQL server, dropped by `drop()`. */
export async function throwawayDatabase(label: string): Promise<{ url: string; drop(): Promise<void> }> {
  const server = await postgresUrl();
  if (!server) throw new Error('no PostgreSQL for the bench (set BENCH_DATABASE_URL)');
  const name = `intellio_${label}_${Date.now()}_${randomBytes(3).toString('hex')}`;
  await admin(server, `CREATE DATABASE ${name}`);
  const url = new URL(server);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => admin(server, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

/** Spawns `node [nodeArgs] --import tsx <script>` in backend/, stdout discarded, stderr shown. */
export function spawnTsx(script: string, env: Record<string, string>, nodeArgs: string[] = []): ChildProcess {
  return spawn(process.execPath, [...nodeArgs, '--import', 'tsx', script], { cwd: BACKEND, env, stdio: ['ignore', 'ignore', 'inherit'] });
}

/** Waits until `url` answers 2xx (the child must not exit meanwhile). */
export async function waitUntilServing(child: ChildProcess, url: string, timeoutMs = 120_000): Promise<void> {
  for (const until = Date.now() + timeoutMs; ; await new Promise((r) => setTimeout(r, 200))) {
    if (child.exitCode !== null) throw new Error(`the process exited with ${child.exitCode} before serving ${url}`);
    if (Date.now() > until) throw new Error(`${url} did not answer within ${timeoutMs / 1000} s`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
  }
}

/** Sends `signal` and resolves when the child has exited. */
export async function stopChild(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill(signal);
  await exited;
}
