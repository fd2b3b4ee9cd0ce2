/**
 * `npm run bench -- isolation` (issue 26 H2, "Proof"): no single upload may stall the API. The web server runs
 * as its own process (`src/server.ts`, jobs in process as without Redis), on PGlite and on PostgreSQL. While
 * it ingests a 45 MB CSV, a DOCX bomb (a ~1 MB zip whose word/document.xml inflates to 300 MB) and a
 * 10-million-cell XLSX, all uploaded at once, two probes in a process of their own (isolation-probe.ts) ask
 * it `/healthz` and an authenticated `GET /api/v1/documents/:id` back to back; their latencies give
 * p50/p99/max. The server's peak resident memory is the kernel's high-water mark (VmHWM), worker threads
 * included.
 *
 * Targets: PostgreSQL p99 ≤ 100 ms; PGlite max ≤ 1 s; peak memory ≤ 1 GB. The files are made once and kept in
 * data/bench-cache/isolation. `BENCH_ISOLATION_ENGINES=postgres` (or pglite) runs one engine only.
 */
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { ROOT_DIR } from '../src/config.js';
import { makeDocxBomb, makeNumericXlsx, writeLedgerCsv } from '../test/ingest-fixtures.js';
import type { Probe } from './isolation-probe.js';
import { freePort } from './processes.js';
import { admin, percentile, postgresUrl, report, round, type Engine } from './support.js';

const CACHE = path.join(ROOT_DIR, 'data', 'bench-cache', 'isolation');
const BACKEND = path.join(ROOT_DIR, 'backend');
const TARGETS = { postgresP99Ms: 100, pgliteMaxMs: 1000, peakRssMb: 1024 };

interface Fixture {
  name: string;
  file: string;
  make(file: string): Promise<void>;
}

const FIXTURES: Fixture[] = [
  { name: 'ledger-45mb.csv', file: path.join(CACHE, 'ledger-45mb.csv'), make: async (f) => void (await writeLedgerCsv(f, 45 * 1024 * 1024)) },
  { name: 'bomb-300mb.docx', file: path.join(CACHE, 'bomb-300mb.docx'), make: async (f) => fs.writeFileSync(f, await makeDocxBomb(300 * 1024 * 1024)) },
  // 500,000 rows × 20 columns of numbers.
  { name: 'cells-10m.xlsx', file: path.join(CACHE, 'cells-10m.xlsx'), make: async (f) => fs.writeFileSync(f, await makeNumericXlsx(500_000, 20)) },
];

async function fixtures(): Promise<void> {
  fs.mkdirSync(CACHE, { recursive: true });
  for (const f of FIXTURES) {
    if (fs.existsSync(f.file)) continue;
    console.error(`making ${f.name} …`);
    await f.make(`${f.file}.part`);
    fs.renameSync(`${f.file}.part`, f.file);
  }
}

/** The kernel's view of a process's memory: current and peak resident set, in MB. */
function memory(pid: number): { rssMb: number; peakMb: number } {
  let status = '';
  try {
    status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    // the server is gone: the run fails on its next request
  }
  const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0);
  return { rssMb: kb('VmRSS') / 1024, peakMb: kb('VmHWM') / 1024 };
}

interface Server {
  url: string;
  /** The server's PostgreSQL database; none on PGlite (in the server's own process). */
  databaseUrl: string | null;
  child: ChildProcess;
  stop(): Promise<void>;
}

async function startServer(engine: Engine): Promise<Server> {
  const port = await freePort();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'intellio-isolation-'));
  const env: Record<string, string> = {
    ...process.env as Record<string, string>,
    NODE_ENV: 'development', HOST: '127.0.0.1', PORT: String(port), PUBLIC_URL: `http://127.0.0.1:${port}`,
    DATA_DIR: dataDir, LOG_LEVEL: 'warn', JWT_SECRET: randomBytes(32).toString('hex'),
    AUTH_RATE_LIMIT_PER_MINUTE: '100000', OCR: 'off',
    // The probe's one sign-in must outlast the slowest ingest (minutes on a loaded machine).
    ACCESS_TOKEN_TTL_SECONDS: '3600',
  };
  delete env.REDIS_URL;
  delete env.DATABASE_URL;
  let drop = async () => {};
  if (engine === 'postgres') {
    const server = await postgresUrl();
    if (!server) throw new Error('no PostgreSQL for the bench (set BENCH_DATABASE_URL)');
    const name = `intellio_isolation_${Date.now()}_${randomBytes(3).toString('hex')}`;
    await admin(server, `CREATE DATABASE ${name}`);
    const url = new URL(server);
    url.pathname = `/${name}`;
    env.DATABASE_URL = url.toString();
    drop = () => admin(server, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  }
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], { cwd: BACKEND, env, stdio: ['ignore', 'inherit', 'inherit'] });
  const url = `http://127.0.0.1:${port}`;
  const giveUp = async (message: string) => {
    child.kill('SIGKILL');
    await drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
    throw new Error(message);
  };
  for (const until = Date.now() + 600_000; ; await new Promise((r) => setTimeout(r, 250))) {
    if (child.exitCode !== null) await giveUp(`the server exited with ${child.exitCode}`);
    if (Date.now() > until) await giveUp('the server did not start within 10 minutes');
    try {
      if ((await fetch(`${url}/healthz`)).ok) break;
    } catch {
      // not listening yet
    }
  }
  return {
    url,
    databaseUrl: env.DATABASE_URL ?? null,
    child,
    async stop() {
      child.kill('SIGTERM');
      await new Promise((r) => (child.exitCode !== null ? r(null) : child.once('exit', r)));
      await drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function api<T = { data: Record<string, unknown> }>(url: string, method: string, p: string, token?: string, body?: unknown): Promise<T> {
  const res = await fetch(url + p, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body instanceof FormData || body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body instanceof FormData ? body : body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${p}: ${res.status} ${text.slice(0, 300)}`);
  return JSON.parse(text) as T;
}

/**
 * Starts the probes in their own process (bench/isolation-probe.ts), so the latencies are the server's and not
 * this process's, which reads and streams the uploads meanwhile. Resolves once they run; `stop()` ends them
 * and hands back what they measured.
 */
async function startProbes(url: string, probePath: string, token: string): Promise<{ stop(): Promise<{ health: Probe; get: Probe }> }> {
  const child = fork(path.join(BACKEND, 'bench', 'isolation-probe.ts'), [], {
    cwd: BACKEND, execArgv: ['--import', 'tsx'], env: { ...process.env, PROBE_URL: url, PROBE_PATH: probePath, PROBE_TOKEN: token }, stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const next = <T>(key: string) => new Promise<T>((resolve, reject) => {
    const onExit = (code: number | null) => reject(new Error(`the probe process exited with ${code} before it sent ${key}`));
    child.once('exit', onExit);
    const onMessage = (message: Record<string, unknown>) => {
      if (!(key in message)) return;
      child.off('message', onMessage);
      child.off('exit', onExit);
      resolve(message as T);
    };
    child.on('message', onMessage);
  });
  await next('ready');
  const started = next('started');
  child.send('start');
  await started;
  return {
    async stop() {
      const result = next<{ health: Probe; get: Probe }>('health');
      child.send('stop');
      return result;
    },
  };
}

function summary(p: Probe) {
  const sorted = [...p.latencies].sort((a, b) => a - b);
  return { requests: sorted.length, errors: p.errors, p50Ms: round(percentile(sorted, 50), 1), p99Ms: round(percentile(sorted, 99), 1), maxMs: round(sorted.at(-1) ?? 0, 1) };
}

async function runEngine(engine: Engine) {
  console.error(`\n${engine}: starting the web server …`);
  const server = await startServer(engine);
  const pid = server.child.pid as number;
  try {
    const email = `isolation-${randomBytes(4).toString('hex')}@example.test`;
    const password = `Qz-${randomBytes(12).toString('hex')}`;
    const signup = await api<{ data: { accessToken?: string } }>(server.url, 'POST', '/api/v1/auth/signup', undefined, { email, password, name: 'Probe Runner', client: 'addin' });
    // Only a server's first account is signed in by its sign-up (issue 26 L2); any other confirms its address
    // (in SQL here, instead of the mailed link) and signs in: an unconfirmed address cannot.
    if (!signup.data.accessToken) {
      if (!server.databaseUrl) throw new Error('the probe account is not the first of its server, and PGlite cannot be reached to confirm it');
      await admin(server.databaseUrl, `UPDATE users SET email_verified_at = now() WHERE email = '${email}'`);
    }
    const token = signup.data.accessToken ?? (await api<{ data: { accessToken: string } }>(server.url, 'POST', '/api/v1/auth/login', undefined, { email, password, client: 'addin' })).data.accessToken;
    const category = await api(server.url, 'POST', '/api/v1/categories', token, { name: 'Bench' });
    const project = await api(server.url, 'POST', '/api/v1/projects', token, { categoryId: category.data.id, name: 'Isolation' });
    const projectId = project.data.id as string;
    const idle = memory(pid);

    // The authenticated probe reads a document that exists from the start: a small one, uploaded first.
    const form = new FormData();
    form.append('file', new Blob(['id,name\n1,probe\n']), 'probe.csv');
    const probeDoc = await api(server.url, 'POST', `/api/v1/projects/${projectId}/documents`, token, form);
    const probes = await startProbes(server.url, `/api/v1/documents/${probeDoc.data.id as string}`, token);
    const started = performance.now();
    let peakSampled = idle.rssMb;
    const sampler = setInterval(() => (peakSampled = Math.max(peakSampled, memory(pid).rssMb)), 200);

    const ids = await Promise.all(FIXTURES.map(async (f) => {
      const body = new FormData();
      body.append('file', new Blob([fs.readFileSync(f.file)]), f.name);
      const res = await api(server.url, 'POST', `/api/v1/projects/${projectId}/documents`, token, body);
      return res.data.id as string;
    }));
    // Each file's outcome as soon as it settles (they are read concurrently).
    const outcomes = await Promise.all(ids.map(async (id, i) => {
      for (;;) {
        const { data } = await api(server.url, 'GET', `/api/v1/documents/${id}`, token);
        if (data.status === 'ready' || data.status === 'failed') {
          const seconds = round((performance.now() - started) / 1000, 1);
          console.error(`  ${FIXTURES[i].name}: ${data.status as string} after ${seconds} s${data.error ? ` (${data.error as string})` : ''}`);
          return { file: FIXTURES[i].name, status: data.status, error: data.error, chunks: data.chunkCount, rows: data.rowCount, seconds };
        }
        await new Promise((r) => setTimeout(r, 1000));
      }
    }));
    clearInterval(sampler);
    const { health, get } = await probes.stop();
    const mem = memory(pid);
    return {
      engine,
      at: new Date().toISOString(),
      loadAverage: os.loadavg().map((l) => round(l, 2)),
      seconds: round((performance.now() - started) / 1000, 1),
      healthz: summary(health),
      authenticatedGet: summary(get),
      memory: { idleMb: round(idle.rssMb, 0), peakSampledMb: round(Math.max(peakSampled, mem.rssMb), 0), peakMb: round(mem.peakMb, 0) },
      documents: outcomes,
    };
  } finally {
    await server.stop();
  }
}

export async function benchIsolation(): Promise<void> {
  await fixtures();
  const wanted = (process.env.BENCH_ISOLATION_ENGINES ?? 'postgres,pglite').split(',') as Engine[];
  const runs: Array<Awaited<ReturnType<typeof runEngine>>> = [];
  for (const engine of wanted) {
    if (engine === 'postgres' && !(await postgresUrl())) {
      console.error('postgres: no server answers; skipped');
      continue;
    }
    runs.push(await runEngine(engine));
  }
  // A run of one engine keeps the other engine's last figures (from bench/results/isolation.json).
  const previous = path.join(ROOT_DIR, 'bench', 'results', 'isolation.json');
  if (fs.existsSync(previous)) {
    const kept = (JSON.parse(fs.readFileSync(previous, 'utf8')) as { runs?: typeof runs }).runs ?? [];
    runs.unshift(...kept.filter((k) => !runs.some((r) => r.engine === k.engine)));
  }
  const rows = runs.flatMap((r) => [
    { engine: r.engine, probe: '/healthz', ...r.healthz, peakRssMb: r.memory.peakMb },
    { engine: r.engine, probe: 'GET /documents/:id', ...r.authenticatedGet, peakRssMb: r.memory.peakMb },
  ]);
  const verdict = runs.map((r) => ({
    engine: r.engine,
    latencyTarget: r.engine === 'postgres' ? `p99 ≤ ${TARGETS.postgresP99Ms} ms` : `max ≤ ${TARGETS.pgliteMaxMs} ms`,
    latencyMet: r.engine === 'postgres'
      ? Math.max(r.healthz.p99Ms, r.authenticatedGet.p99Ms) <= TARGETS.postgresP99Ms
      : Math.max(r.healthz.maxMs, r.authenticatedGet.maxMs) <= TARGETS.pgliteMaxMs,
    memoryMet: r.memory.peakMb <= TARGETS.peakRssMb,
  }));
  report('isolation', {
    files: FIXTURES.map((f) => ({ name: f.name, bytes: fs.statSync(f.file).size })),
    targets: TARGETS,
    runs,
    verdict,
  }, rows);
  for (const r of runs) console.table(r.documents);
  console.table(verdict);
}
