/**
 * Request overhead of POST /api/v1/analyses — everything except model time (validation, auth, project
 * check, retrieval, refinement, cache lookup, reservation, settle-and-store, presenting) — against a bare
 * Koa route in the same process and run. The engine is the local analyst; its own time (`modelMs`, measured
 * by the server) is subtracted, so the number is what any model would add on top of.
 *   npm run bench -- analysis [--n=200]        (PGlite in memory; DATABASE_URL=… for PostgreSQL)
 */
import fs from 'node:fs';
import path from 'node:path';
import Koa from 'koa';
import { ROOT_DIR } from '../src/config.js';
import { benchApp, benchJson as json, listenLoopback } from './support.js';

function pct(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length - 1) * p))];
}

export async function benchAnalysis(): Promise<void> {
  const n = Number(/^--n=(\d+)$/.exec(process.argv.find((a) => a.startsWith('--n=')) ?? '')?.[1]) || 200;
  const app = await benchApp();
  const { deps, auth } = app;
  const bareApp = new Koa();
  bareApp.use(async (ctx) => {
    ctx.body = { data: { ok: true } };
  });
  const bare = await listenLoopback(bareApp.callback());

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
    const body = { projectId: app.projectId, source: 'web', selection: { sheet: 'Bench', ranges: [{ address: 'A1:C25', values }] }, prompt: `Summarise the revenue trend (run ${i})` };
    t = performance.now();
    const res = await json(`${app.api}/analyses`, { method: 'POST', headers: auth, body: JSON.stringify(body) });
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
  bare.close();
  await app.close();
}
