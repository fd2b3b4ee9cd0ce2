/**
 * Real OS processes for the topology test: `npm start` and `npm run worker` equivalents (node + tsx on the
 * backend's entry points), each on its own port, with their output kept for the failure message.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const BACKEND = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../backend');

export interface Proc {
  name: string;
  /** Where its /healthz, /readyz (and, for web, the API) answer. */
  url: string;
  child: ChildProcess;
  /** Its stdout and stderr so far (the last 200 lines). */
  output(): string;
  /** Resolves with the exit code (or signal name) once it has exited. */
  exited: Promise<number | string>;
}

/** A port nobody listens on right now (the OS picks it). */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export function startProcess(name: string, kind: 'web' | 'worker', port: number, env: Record<string, string>): Proc {
  const entry = kind === 'web' ? 'src/server.ts' : 'src/worker.ts';
  const portEnv = kind === 'web' ? { PORT: String(port), PUBLIC_URL: `http://127.0.0.1:${port}` } : { WORKER_PORT: String(port) };
  const child = spawn(process.execPath, ['--import', 'tsx', entry], {
    cwd: BACKEND,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', HOST: '127.0.0.1', ...env, ...portEnv },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const keep = (chunk: Buffer) => {
    lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    if (lines.length > 200) lines.splice(0, lines.length - 200);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<number | string>((resolve) => child.on('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')));
  return { name, url: `http://127.0.0.1:${port}`, child, output: () => lines.join('\n'), exited };
}

/** Waits until `/readyz` answers 200; fails with the process's output if it exits or takes over eight minutes (a machine shared with other work). */
export async function waitReady(proc: Proc, timeoutMs = 480_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  let exit: number | string | null = null;
  void proc.exited.then((code) => (exit = code));
  for (;;) {
    if (exit !== null) throw new Error(`${proc.name} exited (${exit}) before it was ready:\n${proc.output()}`);
    try {
      const res = await fetch(`${proc.url}/readyz`, { signal: AbortSignal.timeout(2000) });
      if (res.status === 200) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > end) throw new Error(`${proc.name} not ready after ${timeoutMs / 1000} s (still running, no /readyz 200):\n${proc.output() || '(no output yet)'}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** SIGTERM, then the exit code. */
export async function stopProcess(proc: Proc): Promise<number | string> {
  if (proc.child.exitCode === null && proc.child.signalCode === null) proc.child.kill('SIGTERM');
  return proc.exited;
}
