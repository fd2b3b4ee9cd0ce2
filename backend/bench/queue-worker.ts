/**
 * A worker process for `npm run bench -- queue`: the product's JobRunner on bee-queue consuming only the
 * bench job. Env: DATABASE_URL, REDIS_URL, REDIS_PREFIX, JOB_STALL_SECONDS, QUEUE_CONCURRENCY, WORKER_NAME.
 * The parent SIGKILLs one of these in the middle of its jobs.
 */
import { randomBytes } from 'node:crypto';
import { createDeps } from '../src/boot.js';
import { loadConfig } from '../src/config.js';
import { BeeQueueAdapter } from '../src/queue/bee.js';
import { JobRunner } from '../src/queue/runner.js';
import { benchJob } from './queue-job.js';

const config = loadConfig({ ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'error', JWT_SECRET: randomBytes(32).toString('hex'), RUN_WORKERS_IN_PROCESS: 'false' });
const deps = await createDeps(config, { migrate: false });
const queue = new BeeQueueAdapter({ redisUrl: config.redis.url ?? '', prefix: `${config.redis.prefix}bq`, isWorker: true, stallMs: config.lifecycle.stallMs }, deps.log);
const runner = new JobRunner(deps, [benchJob(process.env.WORKER_NAME ?? 'worker')]);
await runner.start(queue);
process.send?.('ready');
process.on('SIGTERM', () => {
  void runner.shutdown(2000).then(async () => {
    await deps.close();
    process.exit(0);
  });
});
