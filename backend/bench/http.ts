/**
 * `npm run bench -- http` (issue 30): what the Koa stack costs on an authenticated read. The real server
 * (`src/server.ts`, NODE_ENV=production, LOG_LEVEL=info so the access log is written as in production) and a
 * bare `node:http` + `pg` server doing the same work (bench/http-bare.ts) run on one throwaway PostgreSQL
 * database, each as its own process, and answer `GET /api/v1/documents/:id` (JWT check + user row + session
 * check + one indexed query) to the same closed loop of autocannon connections, in alternating rounds.
 *
 * Writes `{ ratio, intellioRps, bareRps, p99Ms }`; target ratio ≥ 0.8. BENCH_HTTP_CONNECTIONS (default 10),
 * BENCH_HTTP_SECONDS per round (default 5), BENCH_HTTP_ROUNDS (default 4). BENCH_HTTP_PROFILE=1 writes a
 * `--cpu-prof` profile of each server to data/bench-cache/http-profile{,-bare}/.
 */
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import pg from 'pg';
import { ROOT_DIR } from '../src/config.js';
import { freePort, spawnTsx, stopChild, throwawayDatabase, waitUntilServing } from './processes.js';
import { report, round } from './support.js';

const CONNECTIONS = Number(process.env.BENCH_HTTP_CONNECTIONS ?? 10);
const SECONDS = Number(process.env.BENCH_HTTP_SECONDS ?? 5);
const ROUNDS = Number(process.env.BENCH_HTTP_ROUNDS ?? 4);
const TARGET_RATIO = 0.8;

async function json<T>(url: string, method: string, token: string | undefined, body: unknown): Promise<T> {
  const isForm = body instanceof FormData;
  const res = await fetch(url, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(isForm || body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: isForm ? body : body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${url}: ${res.status} ${text.slice(0, 300)}`);
  return JSON.parse(text) as T;
}

/** CPU seconds (user + system) a process has used so far, from /proc (0 where there is none). */
function cpuSeconds(pid: number | undefined): number {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (USER_HZ = 100)
  } catch {
    return 0;
  }
}

/** Confirms an address in SQL, as its mailed link would. */
async function markVerified(url: string, email: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('UPDATE users SET email_verified_at = now() WHERE email = $1', [email]);
  } finally {
    await client.end();
  }
}

/** Statements the database has committed so far (its stats lag by up to a second: a sanity figure only). */
async function commits(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('SELECT pg_stat_force_next_flush()');
    const { rows } = await client.query('SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()');
    return Number(rows[0]?.xact_commit ?? 0);
  } finally {
    await client.end();
  }
}

interface Round {
  rps: number;
  /** CPU the server process spent per answered request: steadier than rps on a shared machine. */
  cpuMsPerRequest: number;
  /** Statements per request the database saw (autocommit: one commit each). */
  queriesPerRequest: number;
  p99Ms: number;
  p50Ms: number;
  non2xx: number;
  errors: number;
}

async function load(url: string, token: string, seconds: number, pid: number | undefined, dbUrl: string): Promise<Round> {
  const commitsBefore = await commits(dbUrl);
  const cpuBefore = cpuSeconds(pid);
  const result = await autocannon({ url, connections: CONNECTIONS, duration: seconds, headers: { authorization: `Bearer ${token}` } });
  const cpuMsPerRequest = round(((cpuSeconds(pid) - cpuBefore) * 1000) / Math.max(1, result.requests.total), 3);
  await new Promise((r) => setTimeout(r, 100));
  const queriesPerRequest = round((await commits(dbUrl) - commitsBefore - 2) / Math.max(1, result.requests.total), 2);
  return { rps: result.requests.average, cpuMsPerRequest, queriesPerRequest, p99Ms: result.latency.p99, p50Ms: result.latency.p50, non2xx: result.non2xx, errors: result.errors };
}

export async function benchHttp(): Promise<void> {
  const db = await throwawayDatabase('http');
  const secret = randomBytes(32).toString('hex');
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'intellio-http-'));
  const children: ChildProcess[] = [];
  try {
    const [appPort, barePort] = [await freePort(), await freePort()];
    const base: Record<string, string> = { ...(process.env as Record<string, string>), DATABASE_URL: db.url, JWT_SECRET: secret, DATABASE_POOL_MAX: '10' };
    delete base.REDIS_URL;
    const profileDir = path.join(ROOT_DIR, 'data', 'bench-cache', 'http-profile');
    const nodeArgs = process.env.BENCH_HTTP_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [];
    const app = spawnTsx('src/server.ts', {
      ...base, NODE_ENV: 'production', HOST: '127.0.0.1', PORT: String(appPort), PUBLIC_URL: `http://127.0.0.1:${appPort}`,
      DATA_DIR: dataDir, LOG_LEVEL: 'info', AUTH_RATE_LIMIT_PER_MINUTE: '100000', OCR: 'off',
    }, nodeArgs);
    children.push(app);
    const appUrl = `http://127.0.0.1:${appPort}`;
    await waitUntilServing(app, `${appUrl}/healthz`);

    const credentials = { email: `http-${randomBytes(4).toString('hex')}@example.test`, password: `Qz-${randomBytes(12).toString('hex')}`, client: 'addin' };
    const signup = await json<{ data: { accessToken?: string } }>(`${appUrl}/api/v1/auth/signup`, 'POST', undefined, { ...credentials, name: 'Bench Runner' });
    // Only a server's first account is signed in by sign-up; any later one confirms its address (in SQL here,
    // instead of the mailed link) and signs in: an unconfirmed address cannot (issue 26 L2).
    if (!signup.data.accessToken) await markVerified(db.url, credentials.email);
    const token = signup.data.accessToken ?? (await json<{ data: { accessToken: string } }>(`${appUrl}/api/v1/auth/login`, 'POST', undefined, credentials)).data.accessToken;
    const category = await json<{ data: { id: string } }>(`${appUrl}/api/v1/categories`, 'POST', token, { name: 'Bench' });
    const project = await json<{ data: { id: string } }>(`${appUrl}/api/v1/projects`, 'POST', token, { categoryId: category.data.id, name: 'HTTP' });
    const form = new FormData();
    form.append('file', new Blob(['id,name\n1,probe\n']), 'probe.csv');
    const doc = await json<{ data: { id: string } }>(`${appUrl}/api/v1/projects/${project.data.id}/documents`, 'POST', token, form);
    const route = `/api/v1/documents/${doc.data.id}`;
    // Read once the upload has settled, so both servers see the same row.
    for (let status = ''; status !== 'ready' && status !== 'failed'; await new Promise((r) => setTimeout(r, 200))) {
      status = (await json<{ data: { status: string } }>(appUrl + route, 'GET', token, undefined)).data.status;
    }

    const bareArgs = process.env.BENCH_HTTP_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}-bare`] : [];
    const bare = spawnTsx('bench/http-bare.ts', { ...base, PORT: String(barePort) }, bareArgs);
    children.push(bare);
    const bareUrl = `http://127.0.0.1:${barePort}`;
    await waitUntilServing(bare, `${bareUrl}/healthz`);
    // Both answer the same thing (the bare one is not allowed to skip work the real one does).
    const [a, b] = await Promise.all([appUrl, bareUrl].map(async (u) => (await fetch(u + route, { headers: { authorization: `Bearer ${token}` } })).json()));
    if (JSON.stringify(a) !== JSON.stringify(b)) throw new Error(`the two servers answer differently:\n${JSON.stringify(a)}\n${JSON.stringify(b)}`);

    console.error(`warming up (${CONNECTIONS} connections) …`);
    await load(appUrl + route, token, 2, app.pid, db.url);
    await load(bareUrl + route, token, 2, bare.pid, db.url);
    const rounds: { intellio: Round[]; bare: Round[] } = { intellio: [], bare: [] };
    for (let i = 0; i < ROUNDS; i++) {
      console.error(`round ${i + 1}/${ROUNDS}: ${SECONDS} s each, load ${os.loadavg()[0].toFixed(2)}`);
      rounds.intellio.push(await load(appUrl + route, token, SECONDS, app.pid, db.url));
      rounds.bare.push(await load(bareUrl + route, token, SECONDS, bare.pid, db.url));
    }
    const mean = (rs: Round[], key: keyof Round) => rs.reduce((s, r) => s + r[key], 0) / rs.length;
    const max = (rs: Round[], key: keyof Round) => Math.max(...rs.map((r) => r[key]));
    const failures = [...rounds.intellio, ...rounds.bare].reduce((s, r) => s + r.non2xx + r.errors, 0);
    if (failures) throw new Error(`${failures} requests failed during the load`);
    const intellioRps = round(mean(rounds.intellio, 'rps'), 0);
    const bareRps = round(mean(rounds.bare, 'rps'), 0);
    const ratio = round(intellioRps / bareRps, 3);
    report('http', {
      route: 'GET /api/v1/documents/:id',
      connections: CONNECTIONS,
      secondsPerRound: SECONDS,
      rounds: ROUNDS,
      loadAverage: os.loadavg().map((l) => round(l, 2)),
      ratio,
      intellioRps,
      bareRps,
      p99Ms: max(rounds.intellio, 'p99Ms'),
      queriesPerRequest: { intellio: round(mean(rounds.intellio, 'queriesPerRequest'), 2), bare: round(mean(rounds.bare, 'queriesPerRequest'), 2) },
      cpuMsPerRequest: { intellio: round(mean(rounds.intellio, 'cpuMsPerRequest'), 3), bare: round(mean(rounds.bare, 'cpuMsPerRequest'), 3) },
      // On a shared machine each process gets a fair share of the CPU, so throughput follows CPU per request:
      // this is the steadier view of the same ratio.
      cpuRatio: round(mean(rounds.bare, 'cpuMsPerRequest') / mean(rounds.intellio, 'cpuMsPerRequest'), 3),
      bareP99Ms: max(rounds.bare, 'p99Ms'),
      perRound: rounds,
      target: { ratio: TARGET_RATIO, met: ratio >= TARGET_RATIO },
    }, [
      { server: 'Intellio (Koa)', rps: intellioRps, p50Ms: round(mean(rounds.intellio, 'p50Ms'), 1), p99Ms: max(rounds.intellio, 'p99Ms'), cpuMsPerRequest: round(mean(rounds.intellio, 'cpuMsPerRequest'), 3) },
      { server: 'bare node:http + pg', rps: bareRps, p50Ms: round(mean(rounds.bare, 'p50Ms'), 1), p99Ms: max(rounds.bare, 'p99Ms'), cpuMsPerRequest: round(mean(rounds.bare, 'cpuMsPerRequest'), 3) },
      { server: 'ratio', rps: ratio, p50Ms: '', p99Ms: `target ≥ ${TARGET_RATIO}`, cpuMsPerRequest: '' },
    ]);
  } finally {
    for (const child of children) await stopChild(child);
    await db.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
