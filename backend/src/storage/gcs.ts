import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { IdempotencyStrategy, Storage, type Bucket, type GetFilesOptions, type GetFilesResponse } from '@google-cloud/storage';
import { AppError } from '../http/errors.js';
import { assertSafeKey, type ByteRange, type FileStorage, type LocalCopy, type StoredFile } from './storage.js';

export interface GcsOptions {
  bucket: string;
  /** An emulator or test server; credentials are then not used. */
  apiEndpoint?: string;
  /** Local directory for uploads in progress and for copies handed to pdftotext. */
  tempDir: string;
  /** Retries of a failed request (429, 5xx, network), with exponential backoff; 3 unless set. */
  maxRetries?: number;
}

/**
 * A missing object reads like a missing file from local disk (ENOENT: callers turn it into a 404 or a
 * clear job failure); any other failure of the bucket, once the retries are spent, is a 503 the client
 * may retry, with the cause kept for the log.
 */
function storageError(err: unknown, key: string): Error {
  if ((err as { code?: unknown }).code === 404) return Object.assign(new Error(`no such object: ${key}`), { code: 'ENOENT' });
  if (err instanceof AppError || (err as { code?: unknown }).code === 'ENOENT') return err as Error;
  return Object.assign(new AppError(503, 'storage_unavailable', 'File storage is not reachable right now. Try again in a minute.'), { cause: err });
}

/** Files in a Google Cloud Storage bucket (credentials from the environment, as the SDK finds them). */
export class GcsStorage implements FileStorage {
  readonly kind = 'gcs' as const;
  readonly tempDir: string;
  private readonly bucket: Bucket;

  constructor(options: GcsOptions) {
    // Every request may be retried: keys are fresh UUIDs that one upload writes (sending it again writes
    // the same bytes), and deletes ignore a missing object. Bounded, as a request waits on it.
    // (The SDK reads maxRetries 0 as "the default", so no retries is autoRetry off.)
    const maxRetries = options.maxRetries ?? 3;
    const retryOptions = {
      autoRetry: maxRetries > 0, maxRetries: Math.max(maxRetries, 1), idempotencyStrategy: IdempotencyStrategy.RetryAlways, maxRetryDelay: 8, totalTimeout: 60,
    };
    const storage = options.apiEndpoint
      ? new Storage({ apiEndpoint: options.apiEndpoint, projectId: 'local', useAuthWithCustomEndpoint: false, retryOptions })
      : new Storage({ retryOptions });
    this.bucket = storage.bucket(options.bucket);
    this.tempDir = options.tempDir;
  }

  async putFile(key: string, tempPath: string, contentType: string): Promise<void> {
    assertSafeKey(key);
    try {
      await this.bucket.upload(tempPath, { destination: key, resumable: false, contentType, validation: 'crc32c' });
    } catch (err) {
      throw storageError(err, key);
    } finally {
      await fs.rm(tempPath, { force: true });
    }
  }

  async read(key: string, range?: ByteRange): Promise<Readable> {
    assertSafeKey(key);
    const file = this.bucket.file(key);
    // Asked first, so a missing object is a 404 before any header is sent (the stream fails only later).
    const [exists] = await file.exists().catch((err: unknown) => Promise.reject(storageError(err, key)));
    if (!exists) throw storageError({ code: 404 }, key);
    return file.createReadStream(range ? { start: range.start, end: range.end, validation: false } : {});
  }

  async localCopy(key: string): Promise<LocalCopy> {
    assertSafeKey(key);
    await fs.mkdir(this.tempDir, { recursive: true });
    const dir = await fs.mkdtemp(path.join(this.tempDir || os.tmpdir(), 'gcs-'));
    const target = path.join(dir, path.basename(key));
    try {
      await this.bucket.file(key).download({ destination: target });
    } catch (err) {
      await fs.rm(dir, { recursive: true, force: true });
      throw storageError(err, key);
    }
    return { path: target, release: () => fs.rm(dir, { recursive: true, force: true }) };
  }

  async exists(key: string): Promise<boolean> {
    assertSafeKey(key);
    try {
      const [exists] = await this.bucket.file(key).exists();
      return exists;
    } catch (err) {
      throw storageError(err, key);
    }
  }

  async *list(prefix: string): AsyncIterable<StoredFile> {
    try {
      // Page by page (1,000 objects a request), so a large bucket is never held in memory at once.
      for (let query: GetFilesOptions | null = { prefix, autoPaginate: false, maxResults: 1000 }; query; ) {
        const page: GetFilesResponse = await this.bucket.getFiles(query);
        for (const file of page[0]) yield { key: file.name, updated: new Date(String(file.metadata.updated ?? file.metadata.timeCreated)) };
        query = (page[1] as GetFilesOptions | null) ?? null;
      }
    } catch (err) {
      throw storageError(err, prefix);
    }
  }

  async delete(key: string): Promise<void> {
    assertSafeKey(key);
    try {
      await this.bucket.file(key).delete({ ignoreNotFound: true });
    } catch (err) {
      throw storageError(err, key);
    }
  }
}
