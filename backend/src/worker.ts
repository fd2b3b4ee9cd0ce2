/**
 * `npm run worker`: a process that only consumes background jobs (embedding, large analyses) from the
 * Redis-backed queue. Run as many as the load needs; each shares Postgres and Redis with the web processes.
 * It serves /healthz, /readyz and /metrics on WORKER_PORT (queue depth, job durations and failures).
 *
 * SIGTERM: /readyz turns 503, no new job is taken, running jobs get the grace period (SHUTDOWN_GRACE_SECONDS)
 * to finish, and the rest go straight back to the queue for another worker — their token holds stay, so the
 * next run settles them once. A worker killed outright (kill -9) loses its jobs to bee-queue's stall
 * detection instead: another worker takes them after JOB_STALL_SECONDS or two.
 */
import http from 'node:http';
import { ConfigError, loadConfig, type Config } from './config.js';
import { createDepsOrExit } from './boot.js';
import { markDraining } from './http/health.js';
import { closeIngestPools } from './ingest/pool.js';
import { onShutdown, workBudget } from './lib/shutdown.js';
import { createWorkerApp } from './worker-app.js';

let config: Config;
try {
  config = loadConfig();
} catch (err) {
  console.error(err instanceof ConfigError ? err.message : err);
  process.exit(1);
}
if (!config.redis.url) {
  console.error('npm run worker needs REDIS_URL: without Redis, jobs run inside `npm start` itself.');
  process.exit(1);
}

// createDeps starts the consumers when runWorkersInProcess is on; migrations are safe to race (an advisory lock).
const deps = await createDepsOrExit({ ...config, queue: { ...config.queue, runWorkersInProcess: true } });
const port = config.lifecycle.workerPort;
const server = port ? http.createServer(createWorkerApp(deps).callback()) : null;
server?.listen(port, config.host, () => deps.log.info({ port }, 'worker health and metrics on /healthz, /readyz, /metrics'));
server?.on('error', (err) => {
  deps.log.error({ err, port }, 'worker could not serve health and metrics (WORKER_PORT)');
  process.exit(1);
});
deps.log.info({ concurrency: config.queue.concurrency }, 'worker is consuming jobs');

onShutdown(deps.log, config.lifecycle.shutdownGraceMs, async () => {
  markDraining(deps);
  const handedBack = await deps.stopWork(workBudget(config.lifecycle.shutdownGraceMs));
  deps.log.info({ handedBack }, handedBack ? 'jobs not finished in the grace period went back to the queue' : 'all running jobs finished');
  server?.close();
  server?.closeAllConnections();
  await deps.close();
  await closeIngestPools(); // the file-reading threads; busy ones already stopped with their jobs
});
