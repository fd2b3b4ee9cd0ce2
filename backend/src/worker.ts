/**
 * `npm run worker`: a process that only consumes background jobs (embedding, large analyses) from the
 * Redis-backed queue. Run as many as the load needs; each shares Postgres and Redis with the web processes.
 */
import { ConfigError, loadConfig, type Config } from './config.js';
import { createDepsOrExit } from './boot.js';

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
deps.log.info({ concurrency: config.queue.concurrency }, 'worker is consuming jobs');

let stopping = false;
async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  deps.log.info({ signal }, 'worker shutting down');
  await deps.close();
  process.exit(0);
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
