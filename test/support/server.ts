/**
 * Starts the real backend (API + built web app + task panes) in this process on a random loopback port,
 * on a throwaway database: PGlite in memory, or a fresh PostgreSQL database when TEST_DATABASE_URL is set.
 */
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import fs from 'node:fs';
import pg from 'pg';
import { createApp } from '../../backend/src/app.js';
import { loadConfig } from '../../backend/src/config.js';
import { createDeps, type DepsHandle } from '../../backend/src/boot.js';

export interface TestServer {
  url: string;
  deps: DepsHandle;
  close(): Promise<void>;
}

/** Starts a server; `env` overrides configuration variables (e.g. COMPANY_URL). */
export async function startServer(env: Record<string, string> = {}): Promise<TestServer> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'intellio-e2e-'));
  let dropDatabase: (() => Promise<void>) | null = null;
  const dbEnv: Record<string, string> = {};
  if (process.env.TEST_DATABASE_URL) {
    const name = `intellio_e2e_${Date.now()}_${randomBytes(3).toString('hex')}`;
    const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const url = new URL(process.env.TEST_DATABASE_URL);
    url.pathname = `/${name}`;
    dbEnv.DATABASE_URL = url.toString();
    dropDatabase = async () => {
      const c = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    };
  } else {
    dbEnv.PGLITE_DIR = 'memory://';
  }
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    DATA_DIR: dataDir,
    PUBLIC_URL: url,
    JWT_SECRET: randomBytes(32).toString('hex'),
    AUTH_RATE_LIMIT_PER_MINUTE: '1000',
    // With Redis, production runs the queue in `npm run worker`; here this process is that worker too.
    ...(process.env.TEST_REDIS_URL ? { REDIS_URL: process.env.TEST_REDIS_URL, REDIS_PREFIX: `intellio:e2e:${port}:`, RUN_WORKERS_IN_PROCESS: 'true' } : {}),
    ...dbEnv,
    ...env,
  });
  const deps = await createDeps(config);
  server.on('request', createApp(deps).callback());
  return {
    url,
    deps,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await deps.close();
      if (dropDatabase) await dropDatabase();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
