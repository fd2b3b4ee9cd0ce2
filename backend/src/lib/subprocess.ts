/**
 * Runs external tools (pdftotext, pdfinfo, pdftoppm, tesseract) from a small helper process instead of from this one.
 *
 * Node starts every child with fork(), which copies the parent's page tables first. From a worker of
 * ~300 MB that costs 15–20 ms of CPU per call (measured with `npm run bench -- ingest`: about a twelfth
 * of ingest time for 30-page PDFs), and a big parent close to its memory limit can fail to fork at all
 * (ENOMEM; libuv issue #2133). The helper (subprocess-helper.ts) loads nothing of the app, so forking
 * from it is cheap. It starts on first use, serves every caller at once, and is started again if it
 * dies; a call the helper could not answer runs directly in this process instead.
 */
import { execFile, fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

export interface RunOptions {
  signal?: AbortSignal;
  /** Largest stdout/stderr accepted, in bytes (as for execFile). */
  maxBuffer?: number;
}

export interface RunResult {
  stdout: string;
  stderr: string;
}

/** A tool that could not start (code 'ENOENT'…), exited non-zero (code = exit status) or was killed. */
export class SubprocessError extends Error {
  constructor(
    message: string,
    readonly code: string | number | null,
    readonly signal: string | null,
    readonly stdout: string,
    readonly stderr: string,
  ) {
    super(message);
    this.name = 'SubprocessError';
  }
}

export type HelperRequest = { type: 'run'; id: number; file: string; args: string[]; maxBuffer: number } | { type: 'cancel'; id: number };

export interface HelperReply {
  id: number;
  stdout: string;
  stderr: string;
  error: { message: string; code: string | number | null; signal: string | null } | null;
}

const DEFAULT_MAX_BUFFER = 64 * 1024 * 1024;
const here = fileURLToPath(import.meta.url);
// .ts under tsx, .js once compiled: the helper sits beside this module either way.
const HELPER = path.join(path.dirname(here), `subprocess-helper${path.extname(here)}`);
const direct = promisify(execFile);
/**
 * The tools' environment. Tesseract (OCR) runs one page per core, so each instance gets one OpenMP
 * thread: two pages each spreading over both cores of a VM ran four times slower than one page per core.
 */
const toolEnv = { ...process.env, OMP_THREAD_LIMIT: process.env.OMP_THREAD_LIMIT ?? '1' };

interface Pending {
  settle(reply: HelperReply | null): void;
}

let helper: ChildProcess | null = null;
/** Set when a helper died before answering anything: it cannot run here, so calls go direct from then on. */
let unavailable = false;
let nextId = 0;
const pending = new Map<number, Pending>();

function startHelper(): ChildProcess {
  // This process's flags come along (the tsx loader, when it has it), but not a debugger's or profiler's.
  const execArgv = process.execArgv.filter((a) => !/^--(inspect|debug|cpu-prof|heap-prof)/.test(a));
  const child = fork(HELPER, [], { execArgv, env: toolEnv, serialization: 'advanced', stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  let answered = false;
  child.on('message', (reply: HelperReply) => {
    answered = true;
    pending.get(reply.id)?.settle(reply);
  });
  const gone = () => {
    if (helper === child) helper = null;
    if (!answered) unavailable = true;
    for (const p of [...pending.values()]) p.settle(null); // unanswered: run directly
  };
  child.on('exit', gone);
  child.on('error', gone);
  return child;
}

/** Holds this process open only while calls are in flight. */
function hold(child: ChildProcess, busy: boolean): void {
  if (busy) {
    child.ref();
    child.channel?.ref();
  } else {
    child.unref();
    child.channel?.unref();
  }
}

/** Runs `file` with `args` (no shell) and resolves with its output, like a promisified execFile. */
export async function runFile(file: string, args: string[], options: RunOptions = {}): Promise<RunResult> {
  const { signal, maxBuffer = DEFAULT_MAX_BUFFER } = options;
  signal?.throwIfAborted();
  if (unavailable) return runDirect(file, args, options);
  let child: ChildProcess;
  try {
    child = helper ??= startHelper();
  } catch {
    unavailable = true;
    return runDirect(file, args, options);
  }
  const id = ++nextId;
  hold(child, true);
  const reply = await new Promise<HelperReply | null>((resolve, reject) => {
    // Whichever comes first, the reply or the abort, ends the call and lets go of the helper.
    const done = () => {
      pending.delete(id);
      signal?.removeEventListener('abort', onAbort);
      if (!pending.size) hold(child, false);
    };
    const onAbort = () => {
      done();
      child.send({ type: 'cancel', id } satisfies HelperRequest, () => {});
      reject(signal?.reason);
    };
    pending.set(id, {
      settle(r) {
        done();
        resolve(r);
      },
    });
    signal?.addEventListener('abort', onAbort, { once: true });
    child.send({ type: 'run', id, file, args, maxBuffer } satisfies HelperRequest, (err) => {
      if (err) pending.get(id)?.settle(null);
    });
  });
  if (!reply) return runDirect(file, args, options);
  if (reply.error) throw new SubprocessError(reply.error.message, reply.error.code, reply.error.signal, reply.stdout, reply.stderr);
  return { stdout: reply.stdout, stderr: reply.stderr };
}

async function runDirect(file: string, args: string[], options: RunOptions): Promise<RunResult> {
  try {
    return await direct(file, args, { env: toolEnv, signal: options.signal, maxBuffer: options.maxBuffer ?? DEFAULT_MAX_BUFFER, encoding: 'utf8' });
  } catch (err) {
    if (options.signal?.aborted) throw options.signal.reason;
    const e = err as NodeJS.ErrnoException & { code?: string | number; signal?: string | null; stdout?: string; stderr?: string };
    throw new SubprocessError(e.message, e.code ?? null, e.signal ?? null, e.stdout ?? '', e.stderr ?? '');
  }
}

const installed = new Map<string, Promise<boolean>>();
/** Whether `file` is installed here: asked once (with `versionArgs`); any answer but "not found" counts as yes. */
export function toolInstalled(file: string, versionArgs: string[]): Promise<boolean> {
  let answer = installed.get(file);
  if (!answer) {
    answer = runFile(file, versionArgs).then(
      () => true,
      (err: NodeJS.ErrnoException) => err.code !== 'ENOENT',
    );
    installed.set(file, answer);
  }
  return answer;
}

/** The helper's process id (started if need be), for tests and diagnostics. */
export function helperPid(): number | undefined {
  helper ??= startHelper();
  hold(helper, false);
  return helper.pid;
}
