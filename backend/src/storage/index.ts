import path from 'node:path';
import type { Config } from '../config.js';
import { GcsStorage } from './gcs.js';
import { LocalStorage } from './local.js';
import type { FileStorage } from './storage.js';

export type { FileStorage } from './storage.js';

/** Local disk unless GCS_BUCKET is set. */
export function createStorage(config: Config): FileStorage {
  const { filesDir, gcsBucket, gcsApiEndpoint, gcsRetries } = config.storage;
  if (gcsBucket) return new GcsStorage({ bucket: gcsBucket, apiEndpoint: gcsApiEndpoint, tempDir: path.join(filesDir, '.tmp'), maxRetries: gcsRetries });
  return new LocalStorage(filesDir);
}
