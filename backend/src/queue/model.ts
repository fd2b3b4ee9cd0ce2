import { BaseModel } from '../db/base-model.js';

export type JobStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';

/** What a user sees of a background job (`GET /api/v1/jobs/:id`); the queue itself only carries ids. */
export class Job extends BaseModel {
  static override tableName = 'jobs';
  static override jsonAttributes = ['payload'];

  userId!: string;
  documentId!: string | null;
  kind!: string;
  status!: JobStatus;
  progress!: number;
  attempts!: number;
  maxAttempts!: number;
  error!: string | null;
  payload!: Record<string, string | number | boolean | null>;
  startedAt!: Date | null;
  finishedAt!: Date | null;
}

export const ACTIVE_JOB_STATUSES: JobStatus[] = ['queued', 'running'];
