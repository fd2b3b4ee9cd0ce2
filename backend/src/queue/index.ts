import type { Config } from '../config.js';
import type { Deps } from '../deps.js';
import type { Logger } from '../lib/logger.js';
import { BeeQueueAdapter } from './bee.js';
import { InProcessQueue } from './in-process.js';
import type { Queue } from './queue.js';
import { JobRunner, recoverInterruptedJobs } from './runner.js';
import { jobDefinitions } from './workers.js';
import { reembedStaleDocuments } from '../documents/service.js';

export type { Queue } from './queue.js';

/** bee-queue when REDIS_URL is set, the in-process runner otherwise. */
export function createQueue(config: Config, log: Logger): Queue {
  if (!config.redis.url) return new InProcessQueue(log);
  return new BeeQueueAdapter(
    { redisUrl: config.redis.url, prefix: `${config.redis.prefix}bq`, isWorker: config.queue.runWorkersInProcess, stallMs: config.lifecycle.stallMs },
    log,
  );
}

/**
 * Starts consuming every job kind in this process (the web process with the in-process queue or
 * RUN_WORKERS_IN_PROCESS=true; always in `npm run worker`). Returns the runner, to close on shutdown.
 */
export async function startWorkers(deps: Deps): Promise<JobRunner> {
  const runner = new JobRunner(deps, jobDefinitions());
  await runner.start();
  // The in-process queue forgets everything on restart; Redis keeps its jobs. Tests share one database
  // between many apps, so they recover explicitly instead.
  if (deps.queue.kind === 'in-process' && deps.config.env !== 'test') {
    const n = await recoverInterruptedJobs(deps, jobDefinitions().map((d) => d.name));
    if (n) deps.log.info({ jobs: n }, 're-enqueued unfinished jobs');
  }
  if (deps.config.env !== 'test') {
    const stale = await reembedStaleDocuments(deps);
    if (stale) deps.log.info({ documents: stale, model: deps.embedder.model }, 're-embedding documents of another embedding model');
  }
  return runner;
}
