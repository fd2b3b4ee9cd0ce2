/** The queued path for large selections: the same execute, run by a worker with a real cancel. */
import type { JobDefinition } from '../queue/runner.js';
import { AppError } from '../http/errors.js';
import { PermanentJobError } from '../queue/runner.js';
import { ANALYSIS_JOB, executeAnalysis } from './service.js';

type Payload = { jobId: string; analysisId: string };

export const analysisJob: JobDefinition<Payload> = {
  name: ANALYSIS_JOB,
  async perform(deps, payload, ctx) {
    await ctx.progress(5);
    // Progress moves with the work (cells analysed, passages read, answer written). Writes go one after
    // another, so a slow write never lands after a newer one; a failed write only costs the bar a step.
    let writes = Promise.resolve();
    const onProgress = (percent: number) => {
      writes = writes.then(() => ctx.progress(percent)).catch((err: unknown) => deps.log.warn({ err, jobId: payload.jobId }, 'analysis progress not recorded'));
    };
    const a = await executeAnalysis(deps, payload.analysisId, { signal: ctx.signal, onProgress }).catch((err: unknown) => {
      // Deleted with its project before or while it ran: its hold is already let go, and a retry finds nothing.
      if (err instanceof AppError && err.status === 404) throw new PermanentJobError('The analysis was deleted.');
      throw err;
    });
    await writes;
    ctx.checkpoint();
    // The analysis row already holds the reason and its hold is released: retrying would bill twice.
    if (a.status === 'failed') throw new PermanentJobError(a.error ?? 'The analysis failed.');
  },
};
