/**
 * Every job kind this codebase runs, in one list. A domain that adds background work adds its definition
 * here; `npm run worker` and the in-process runner both read this list.
 */
import { analysisJob } from '../analysis/job.js';
import { processDocumentJob } from '../documents/job.js';
import type { JobDefinition } from './runner.js';

// Payload types differ per job; the runner only passes each definition its own payloads.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function jobDefinitions(): JobDefinition<any>[] {
  return [processDocumentJob, analysisJob];
}
