import Router from '@koa/router';
import { authenticate } from '../auth/authenticate.js';
import { tokenFromQuery } from '../auth/token-from-query.js';
import type { Config } from '../config.js';
import { notFound } from '../http/errors.js';
import { openSse } from '../http/sse.js';
import { uuidParam, validated } from '../http/validate.js';
import { Job } from '../queue/model.js';
import { presentJob } from '../queue/presenter.js';
import { jobChannel } from '../queue/runner.js';

const FINISHED = new Set(['succeeded', 'failed', 'cancelled']);

async function loadOwnedJob(userId: string, jobId: string): Promise<Job> {
  const job = await Job.query().findOne({ id: jobId, userId });
  if (!job) throw notFound('Job');
  return job;
}

/**
 * /api/v1/jobs/:id — the state and progress of a background job (document processing, a queued
 * analysis), and /api/v1/jobs/:id/events — the same pushed live until the job finishes. Events carry ids: a
 * client that lost the stream comes back with `Last-Event-ID` (or `?lastEventId=`) and misses nothing.
 */
export function jobRoutes(config: Config): Router {
  const router = new Router({ prefix: '/jobs' });
  const auth = authenticate(config);

  router.get('/:id', auth, validated({ params: uuidParam }, async (ctx, { params }) => {
    ctx.set('Cache-Control', 'no-store');
    ctx.body = { data: presentJob(await loadOwnedJob(ctx.state.user.id, params.id)) };
  }));

  router.get('/:id/events', tokenFromQuery(), auth, validated({ params: uuidParam }, async (ctx, { params }) => {
    const userId = ctx.state.user.id;
    await loadOwnedJob(userId, params.id);
    const sse = openSse(ctx);
    let last = '';
    let lastAt = '';
    const push = (job: ReturnType<typeof presentJob>, id?: string) => {
      const key = `${job.status}:${job.progress}:${job.attempts}`;
      // The row read below can be newer than an event still in flight: skip what is older than what was
      // sent. A final state always goes through, so the stream ends even if two clocks disagree.
      const at = job.updatedAt ?? '';
      if (key === last || (!FINISHED.has(job.status) && at < lastAt)) return;
      last = key;
      lastAt = at > lastAt ? at : lastAt;
      sse.send('job', { job }, id);
      if (FINISHED.has(job.status)) sse.close();
    };
    // A client that reconnects (maybe to another process) first gets the events it missed since its last id.
    const unsubscribe = await ctx.deps.events.subscribe(jobChannel(params.id), (event, id) => {
      if (event.type === 'job') push(event.job as ReturnType<typeof presentJob>, id);
    }, { after: sse.lastEventId });
    sse.onClose(unsubscribe);
    // Read after subscribing, so a change between the two is not missed.
    push(presentJob(await loadOwnedJob(userId, params.id)));
  }));

  return router;
}
