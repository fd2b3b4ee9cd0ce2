/** Shared bench plumbing: a database to run on, deps, timing, progress bars, result files and tables. */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Presets, SingleBar } from 'cli-progress';
import pg from 'pg';
import { createApp } from '../src/app.js';
import { loadConfig, ROOT_DIR, type Config } from '../src/config.js';
import { createDeps, type DepsHandle } from '../src/boot.js';
import { openDb, type DbHandle } from '../src/db/knex.js';
import { migrateLatest } from '../src/db/migrate.js';

export type Engine = 'pglite' | 'postgres';

/** Real prose read from the machine (bench/prose.ts) or random sentences over a Zipf vocabulary. */
export type Corpus = 'prose' | 'synthetic';

/** PostgreSQL for big runs: BENCH_DATABASE_URL, else the local server if one answers. */
export async function postgresUrl(): Promise<string | null> {
  const url = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.end();
    return url;
  } catch {
    return null;
  }
}

/** Runs one statement on its own connection (CREATE/DROP DATABASE cannot run in a pool's transaction). */
export async function admin(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** A fresh, migrated database (PGlite in a throwaway directory, or a throwaway database on the server), plus deps. */
export async function benchDeps(engine: Engine, env: Record<string, string> = {}): Promise<{ deps: DepsHandle; close(): Promise<void> }> {
  let db: DbHandle;
  let drop = async () => {};
  if (engine === 'pglite') {
    // In a data directory on disk, as `npm start` keeps it (DATA_DIR/pglite), not in memory: PGlite's
    // in-memory file system grows a file by copying it whole into a buffer an eighth larger, and on the
    // ingest bench that copying was a quarter of the pass's CPU (2.4 core-s a pass in memory, 1.6–1.9 on disk).
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'intellio-bench-pglite-'));
    db = await openDb({ database: { pgliteDir: dir, ssl: false, poolMax: 1 } });
    drop = async () => fs.rmSync(dir, { recursive: true, force: true });
  } else {
    const server = await postgresUrl();
    if (!server) throw new Error('no PostgreSQL for the bench (set BENCH_DATABASE_URL)');
    const name = `intellio_bench_${Date.now()}_${randomBytes(3).toString('hex')}`;
    await admin(server, `CREATE DATABASE ${name}`);
    const url = new URL(server);
    url.pathname = `/${name}`;
    db = await openDb({ database: { url: url.toString(), ssl: false, poolMax: 8, pgliteDir: '' } });
    drop = () => admin(server, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  }
  await migrateLatest(db.knex);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'intellio-bench-'));
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'warn', DATA_DIR: dataDir, JWT_SECRET: randomBytes(32).toString('hex'), RUN_WORKERS_IN_PROCESS: 'true', ...env });
  const deps = await createDeps(config, { db, migrate: false });
  return {
    deps,
    async close() {
      await deps.close();
      await db.close();
      await drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A user and a project to own the bench's documents and chunks. */
export async function benchOwner(deps: DepsHandle): Promise<{ userId: string; projectId: string }> {
  const [user] = await deps.knex('users').insert({ email: `bench-${randomBytes(4).toString('hex')}@example.test`, name: 'Bench', passwordHash: 'x' }).returning('id');
  const [category] = await deps.knex('categories').insert({ userId: user.id, name: 'Bench', position: 0 }).returning('id');
  const [project] = await deps.knex('projects').insert({ userId: user.id, categoryId: category.id, name: 'Bench', position: 0 }).returning('id');
  return { userId: user.id, projectId: project.id };
}

export function progressBar(label: string, total: number): SingleBar {
  const bar = new SingleBar({ stream: process.stderr, format: `${label.padEnd(28)} [{bar}] {value}/{total} {eta_formatted}`, hideCursor: true, noTTYOutput: true, notTTYSchedule: 5000 }, Presets.shades_classic);
  bar.start(total, 0);
  return bar;
}

export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

export const round = (x: number, digits = 2) => Math.round(x * 10 ** digits) / 10 ** digits;

export function machine() {
  return { node: process.version, cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? 'unknown', platform: `${os.platform()} ${os.arch()}` };
}

/** Writes bench/results/<name>.json at the repository root and prints a table. */
export function report(name: string, result: Record<string, unknown>, rows: Array<Record<string, string | number>>): void {
  const dir = path.join(ROOT_DIR, 'bench', 'results');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name}.json`);
  fs.writeFileSync(file, `${JSON.stringify({ bench: name, at: new Date().toISOString(), machine: machine(), ...result }, null, 2)}\n`);
  console.table(rows);
  console.log(`results: ${path.relative(process.cwd(), file)}`);
}

/** Deterministic pseudo-random numbers (mulberry32), so every run uses the same corpus. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SYLLABLES = ['ka', 'lo', 'mi', 'ten', 'ra', 'vos', 'del', 'un', 'pre', 'sta', 'gor', 'ni', 'qua', 'ber', 'tis', 'ol', 'fen', 'dra', 'mu', 'zel'];

/** A Zipf-ish vocabulary of made-up words plus business words, and sentences drawn from it. */
export function corpus(seed: number, vocabulary = 6000) {
  const random = rng(seed);
  const business = 'revenue cost margin forecast budget quarter supplier contract invoice audit inventory shipment customer churn pricing discount region warehouse payroll capex'.split(' ');
  const words: string[] = [...business];
  while (words.length < vocabulary) {
    const n = 2 + Math.floor(random() * 3);
    let w = '';
    for (let i = 0; i < n; i++) w += SYLLABLES[Math.floor(random() * SYLLABLES.length)];
    words.push(w);
  }
  const pick = () => words[Math.floor(words.length * random() ** 2.2)];
  return {
    sentence(length = 12 + Math.floor(random() * 14)): string {
      const s = Array.from({ length }, pick).join(' ');
      return `${s[0].toUpperCase()}${s.slice(1)}.`;
    },
    random,
  };
}

/** Serves `handler` on a free loopback port. */
export async function listenLoopback(handler: http.RequestListener): Promise<{ url: string; server: http.Server; close(): void }> {
  const server = http.createServer(handler);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    server,
    close() {
      server.closeAllConnections();
      server.close();
    },
  };
}

/** A JSON request; the status and the `{ data }` envelope, whatever the status (the bench judges it). */
export async function benchJson(url: string, init: RequestInit = {}): Promise<{ status: number; body: { data: Record<string, unknown> } }> {
  const res = await fetch(url, { ...init, headers: { 'content-type': 'application/json', ...init.headers } });
  return { status: res.status, body: (await res.json()) as { data: Record<string, unknown> } };
}

export interface BenchApp {
  /** The API's base, `http://127.0.0.1:<port>/api/v1`. */
  api: string;
  config: Config;
  deps: DepsHandle;
  /** The signed-in user's bearer header. */
  auth: { authorization: string };
  userId: string;
  projectId: string;
  close(): Promise<void>;
}

/**
 * The whole app over HTTP on loopback (PGlite in memory, or DATABASE_URL), with the local analyst unless `env`
 * names another chat provider, limits raised so only the work is timed, and a user signed in through the API
 * who owns one project: what the HTTP benches (analysis, quote) measure against.
 */
export async function benchApp(env: Record<string, string> = {}): Promise<BenchApp> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'intellio-bench-'));
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DATA_DIR: dataDir,
    JWT_SECRET: randomBytes(32).toString('hex'),
    PGLITE_DIR: 'memory://',
    DATABASE_URL: process.env.DATABASE_URL ?? '',
    CHAT_PROVIDER: 'local',
    EMBEDDING_PROVIDER: 'local',
    SIGNUP_TOKENS_BASIC: '1000000000',
    AUTH_RATE_LIMIT_PER_MINUTE: '100000',
    ANALYSIS_RATE_LIMIT_PER_MINUTE: '1000000',
    ...env,
  });
  const db = await openDb(config);
  await migrateLatest(db.knex);
  const deps = await createDeps(config, { db, migrate: false });
  const server = await listenLoopback(createApp(deps, { webappDir: path.join(dataDir, 'none') }).callback());
  const close = async () => {
    server.close();
    await deps.close();
    await db.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    const api = `${server.url}/api/v1`;
    const credentials = { email: `bench.${Date.now()}.${randomBytes(3).toString('hex')}@example.test`, password: 'correct horse battery', client: 'addin' };
    const signup = await benchJson(`${api}/auth/signup`, { method: 'POST', body: JSON.stringify({ ...credentials, name: 'Bench' }) });
    // Only a server's first account is signed in by its sign-up (issue 26 L2); any other confirms its address
    // (in SQL here, instead of the mailed link) and signs in: an unconfirmed address cannot.
    if (!signup.body.data.accessToken) await deps.knex('users').where({ email: credentials.email }).update({ emailVerifiedAt: new Date() });
    const session = signup.body.data.accessToken ? signup : await benchJson(`${api}/auth/login`, { method: 'POST', body: JSON.stringify(credentials) });
    if (!session.body.data.accessToken) throw new Error(`bench sign-in failed: ${session.status} ${JSON.stringify(session.body)}`);
    const auth = { authorization: `Bearer ${session.body.data.accessToken as string}` };
    const category = await benchJson(`${api}/categories`, { method: 'POST', headers: auth, body: JSON.stringify({ name: 'Bench' }) });
    const project = await benchJson(`${api}/projects`, { method: 'POST', headers: auth, body: JSON.stringify({ categoryId: category.body.data.id, name: 'Bench' }) });
    if (project.status !== 201) throw new Error(`bench project failed: ${project.status} ${JSON.stringify(project.body)}`);
    return { api, config, deps, auth, userId: (session.body.data.user as { id: string }).id, projectId: project.body.data.id as string, close };
  } catch (e) {
    await close();
    throw e;
  }
}
