import type { Job } from './model.js';

const iso = (d: Date | string | null) => (d ? new Date(d).toISOString() : null);

/** A job as the API shows it: state and progress, never its payload. */
export function presentJob(job: Job) {
  return {
    id: job.id,
    kind: job.kind,
    status: job.status,
    progress: job.progress,
    attempts: job.attempts,
    maxAttempts: job.maxAttempts,
    error: job.error,
    documentId: job.documentId,
    createdAt: iso(job.createdAt),
    startedAt: iso(job.startedAt),
    finishedAt: iso(job.finishedAt),
    /** Orders live events: a stream never shows an older state after a newer one. */
    updatedAt: iso(job.updatedAt),
  };
}
