/**
 * Request overhead of POST /api/v1/analyses — everything except model time (validation, auth, project
 * check, retrieval, refinement, cache lookup, reservation, settle-and-store, presenting) — against a bare
 * Koa route in the same process and run. The engine is the local analyst; its own time (`modelMs`, measured
 * by the server) is subtracted, so the number is what any model would add on top of.
 *   npm run bench -- analysis [--n=200]        (PGlite in memory; DATABASE_URL=… for PostgreSQL)
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import Koa from 'koa';
import { createApp } from '../src/app.js';
import { loadConfig, ROOT_DIR } from '../src/config.js';
import { openDb } from '../src/db/knex.js';
import { migrateLatest } from '../src/db/migrate.js';
import { createDeps } from '../src/boot.js';

function pct(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length - 1) * p))];
}

async function listen(handler: http.RequestListener): Promise<{ url: string; server: http.Server }> {
  const server = http.createServer(handler);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

async function json(url: string, init: RequestInit = {}): Promise<{ status: number; body: { data: Record<string, unknown> & { id: string } } }> {
  const res = await fetch(url, { ...init, headers: { 'content-type': 'application/json', ...init.headers } });
  return { status: res.status, body: (await res.json()) as { data: Record<string, unknown> & { id: string } } };
}

export async function benchAnalysis(): Promise<void> {
  const n = Number(/^--n=(\d+)$/.exec(process.argv.find((a) => a.startsWith('--n=')) ?? '')?.[1]) || 200;
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
  });
  const db = await openDb(config);
  await migrateLatest(db.knex);
  const deps = await createDeps(config, { db, migrate: false });
  const api = await listen(createApp(deps, { webappDir: path.join(dataDir, 'none') }).callback());
  const bareApp = new Koa();
  bareApp.use(async (ctx) => {
    ctx.body = { data: { ok: true } };
  });
  const bare = await listen(bareApp.callback());

  const credentials = { email: `bench.${Date.now()}@example.test`, password: 'correct horse battery', client: 'addin' };
  const signup = await json(`${api.url}/api/v1/auth/signup`, { method: 'POST', body: JSON.stringify({ ...credentials, name: 'Bench' }) });
  // Only a server's first account is signed in by its sign-up (issue 26 L2); any other confirms its address
  // (in SQL here, instead of the mailed link) and signs in: an unconfirmed address cannot.
  if (!signup.body.data.accessToken) await deps.knex('users').where({ email: credentials.email }).update({ emailVerifiedAt: new Date() });
  const session = signup.body.data.accessToken ? signup : await json(`${api.url}/api/v1/auth/login`, { method: 'POST', body: JSON.stringify(credentials) });
  const auth = { authorization: `Bearer ${session.body.data.accessToken as string}` };
  const cat = await json(`${api.url}/api/v1/categories`, { method: 'POST', headers: auth, body: JSON.stringify({ name: 'Bench' }) });
  const project = await json(`${api.url}/api/v1/projects`, { method: 'POST', headers: auth, body: JSON.stringify({ categoryId: cat.body.data.id, name: 'Bench' }) });
  const values: (string | number)[][] = [['Month', 'Revenue', 'Cost']];
  for (let i = 1; i <= 24; i++) values.push([`M${i}`, 1000 + i * 37, 800 + (i % 5) * 11]);

  const total: number[] = [];
  const overhead: number[] = [];
  const bareMs: number[] = [];
  const warmup = Math.min(20, Math.floor(n / 10));
  for (let i = 0; i < n + warmup; i++) {
    let t = performance.now();
    await json(`${bare.url}/ping`, { method: 'POST', body: '{}' });
    const b = performance.now() - t;
    // A distinct prompt each time: the cache would otherwise skip the model and the ledger.
    const body = { projectId: project.body.data.id, source: 'web', selection: { sheet: 'Bench', ranges: [{ address: 'A1:C25', values }] }, prompt: `Summarise the revenue trend (run ${i})` };
    t = performance.now();
    const res = await json(`${api.url}/api/v1/analyses`, { method: 'POST', headers: auth, body: JSON.stringify(body) });
    const ms = performance.now() - t;
    if (res.status !== 201) throw new Error(`analysis failed: ${res.status} ${JSON.stringify(res.body)}`);
    if (i < warmup) continue;
    bareMs.push(b);
    total.push(ms);
    overhead.push(ms - Number(res.body.data.modelMs ?? 0));
  }
  const stats = (xs: number[]) => {
    const s = [...xs].sort((a, b) => a - b);
    return { p50: Number(pct(s, 0.5).toFixed(2)), p95: Number(pct(s, 0.95).toFixed(2)) };
  };
  const row = (label: string, xs: number[]) => {
    const { p50, p95 } = stats(xs);
    return `${label.padEnd(42)} p50 ${p50.toFixed(2).padStart(8)} ms   p95 ${p95.toFixed(2).padStart(8)} ms`;
  };
  const results = path.join(ROOT_DIR, 'bench', 'results');
  fs.mkdirSync(results, { recursive: true });
  fs.writeFileSync(
    path.join(results, 'analysis.json'),
    JSON.stringify({ at: new Date().toISOString(), engine: deps.engine, n, bare: stats(bareMs), total: stats(total), overhead: stats(overhead) }, null, 2),
  );
  console.log(`analysis bench: ${n} sequential requests (+${warmup} warm-up), ${deps.engine}, 75-cell selection, local analyst`);
  console.log(row('bare Koa route', bareMs));
  console.log(row('POST /analyses (total)', total));
  console.log(row('POST /analyses (overhead = total − model)', overhead));
  api.server.closeAllConnections();
  bare.server.closeAllConnections();
  api.server.close();
  bare.server.close();
  await deps.close();
  await db.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
}
