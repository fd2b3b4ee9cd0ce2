// Starts the ingest worker from TypeScript source: a worker thread does not get the tsx loader that the
// main thread was started with (Node 20), so it registers it before importing the worker module.
import { workerData } from 'node:worker_threads';

if (workerData.entry.endsWith('.ts')) {
  const { register } = await import('tsx/esm/api');
  register();
}
await import(workerData.entry);
