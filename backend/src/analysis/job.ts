/** The queued path for large selections: the same execute, run by a worker with a real cancel. */
import type { JobDefinition } from '../queue/runner.js';
import { PermanentJobError } from '../queue/runner.js';
import { ANALYSIS_JOB, executeAnalysis } from './service.js';

type Payload = { jobId: string; analysisId: string };

export const analysisJob: JobDefinition<Payload> = {
  name: ANALYSIS_JOB,
  async perform(deps, payload, ctx) {
    await ctx.progress(5);
    const a = await executeAnalysis(deps, payload.analysisId, { signal: ctx.signal });
    ctx.checkpoint();
    // The analysis row already holds the reason and its hold is released: retrying would bill twice.
    if (a.status === 'failed') throw new PermanentJobError(a.error ?? 'The analysis failed.');
  },
};
