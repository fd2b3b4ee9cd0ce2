/**
 * `npm start`: load config, migrate, serve the API, the web app and the add-in task pane.
 *
 * SIGTERM drains the process within SHUTDOWN_GRACE_SECONDS: /readyz turns 503 so the load balancer sends new
 * work elsewhere, no new connection is accepted, live streams end with a reconnect hint (their clients resume
 * on another process from their last event id), requests in flight finish, and jobs run here (no Redis)
 * finish or are left queued for the next start.
 */
import http from 'node:http';
import { createApp } from './app.js';
import { ConfigError, loadConfig, type Config } from './config.js';
import { createDepsOrExit } from './boot.js';
import { linkAddressNotice } from './http/public-config.js';
import { markDraining } from './http/health.js';
import { drainStreams, openStreamCount } from './http/sse.js';
import { sleep } from './queue/async.js';
import { closeIngestPools } from './ingest/pool.js';
import { onShutdown, workBudget } from './lib/shutdown.js';

let config: Config;
try {
  config = loadConfig();
} catch (err) {
  console.error(err instanceof ConfigError ? err.message : err);
  process.exit(1);
}

const deps = await createDepsOrExit(config);
const app = createApp(deps);
const handle = app.callback();
let draining = false;
const server = http.createServer((req, res) => {
  // While draining, a keep-alive connection is closed after its response: the next request goes elsewhere.
  if (draining) res.setHeader('Connection', 'close');
  void handle(req, res);
});
server.requestTimeout = 0; // streams (SSE, uploads) manage their own time limits
server.listen(config.port, config.host, () => {
  deps.log.info({ url: config.publicUrl, db: deps.engine, redis: Boolean(deps.redis) }, `Intellio is running on ${config.publicUrl}`);
  const links = linkAddressNotice(config);
  deps.log[links.level]({ publicUrl: config.publicUrl, publicUrlSource: config.publicUrlSource }, links.message);
});

onShutdown(deps.log, config.lifecycle.shutdownGraceMs, async () => {
  const started = Date.now();
  const budget = workBudget(config.lifecycle.shutdownGraceMs);
  draining = true;
  markDraining(deps);
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  deps.log.info({ streams: openStreamCount(app) }, 'draining: ending live streams with a reconnect hint');
  const [handedBack] = await Promise.all([deps.stopWork(budget), drainStreams(app, budget)]);
  if (handedBack) deps.log.info({ jobs: handedBack }, 'unfinished jobs left queued for the next start');
  server.closeIdleConnections(); // the ended streams' connections
  await Promise.race([closed, sleep(Math.max(0, budget - (Date.now() - started)))]);
  server.closeAllConnections();
  await deps.close();
  await closeIngestPools(); // the file-reading threads; busy ones already stopped with their jobs
});
