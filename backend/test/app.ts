/**
 * Test app factory: the real Koa app on a random loopback port over the run's database, plus a tiny JSON
 * HTTP client. Tests talk to it only over HTTP, like a user would.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { createDeps, type DepsHandle } from '../src/boot.js';
import { redisUrl, testDb } from './db.js';

export interface HttpResult<T = Json> {
  status: number;
  body: T;
  headers: Headers;
  text: string;
}
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

export interface RequestOptions {
  token?: string;
  headers?: Record<string, string>;
  /** Sent as is (string/Buffer) instead of JSON.stringify(body). */
  raw?: string | Buffer | FormData;
  cookie?: string;
}

export interface TestApp {
  url: string;
  deps: DepsHandle;
  request<T = Json>(method: string, path: string, body?: unknown, opts?: RequestOptions): Promise<HttpResult<T>>;
  close(): Promise<void>;
}

/** Starts an app. `env` overrides configuration variables, as the environment would. */
export async function startTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const db = await testDb();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'intellio-test-'));
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    DATA_DIR: dataDir,
    PUBLIC_URL: url,
    JWT_SECRET: randomBytes(32).toString('hex'),
    AUTH_RATE_LIMIT_PER_MINUTE: '10000',
    LOGIN_FAILURES_BEFORE_LOCK: '1000',
    ...(redisUrl ? { REDIS_URL: redisUrl, REDIS_PREFIX: `intellio:test:${randomBytes(4).toString('hex')}:` } : {}),
    ...env,
  });
  const deps = await createDeps(config, { db, migrate: false });
  server.on('request', createApp(deps, { webappDir: path.join(dataDir, 'no-webapp') }).callback());

  async function request<T>(method: string, p: string, body?: unknown, opts: RequestOptions = {}): Promise<HttpResult<T>> {
    const headers: Record<string, string> = { ...opts.headers };
    let payload: BodyInit | undefined = Buffer.isBuffer(opts.raw) ? new Uint8Array(opts.raw) : (opts.raw as string | FormData | undefined);
    if (payload === undefined && body !== undefined) {
      payload = JSON.stringify(body);
      headers['content-type'] ??= 'application/json';
    }
    if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    if (opts.cookie) headers.cookie = opts.cookie;
    const res = await fetch(url + p, { method, headers, body: payload });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      // keep text
    }
    return { status: res.status, body: parsed as T, headers: res.headers, text };
  }

  return {
    url,
    deps,
    request,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await deps.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The refresh cookie from a response, ready to send back as a Cookie header. */
export function refreshCookie(res: HttpResult): string | undefined {
  const raw = res.headers.getSetCookie().find((c) => c.startsWith('intellio_rt='));
  return raw?.split(';')[0];
}
