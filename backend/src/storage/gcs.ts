import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { Storage, type Bucket } from '@google-cloud/storage';
import { assertSafeKey, type ByteRange, type FileStorage, type LocalCopy } from './storage.js';

export interface GcsOptions {
  bucket: string;
  /** An emulator or test server; credentials are then not used. */
  apiEndpoint?: string;
  /** Local directory for uploads in progress and for copies handed to pdftotext. */
  tempDir: string;
}

/** Files in a Google Cloud Storage bucket (credentials from the environment, as the SDK finds them). */
export class GcsStorage implements FileStorage {
  readonly kind = 'gcs' as const;
  readonly tempDir: string;
  private readonly bucket: Bucket;

  constructor(options: GcsOptions) {
    const storage = options.apiEndpoint
      ? new Storage({ apiEndpoint: options.apiEndpoint, projectId: 'local', useAuthWithCustomEndpoint: false })
      : new Storage();
    this.bucket = storage.bucket(options.bucket);
    this.tempDir = options.tempDir;
  }

  async putFile(key: string, tempPath: string, contentType: string): Promise<void> {
    assertSafeKey(key);
    try {
      await this.bucket.upload(tempPath, { destination: key, resumable: false, contentType, validation: 'crc32c' });
    } finally {
      await fs.rm(tempPath, { force: true });
    }
  }

  async read(key: string, range?: ByteRange): Promise<Readable> {
    assertSafeKey(key);
    const file = this.bucket.file(key);
    const [exists] = await file.exists();
    if (!exists) throw Object.assign(new Error(`no such object: ${key}`), { code: 'ENOENT' });
    return file.createReadStream(range ? { start: range.start, end: range.end, validation: false } : {});
  }

  async localCopy(key: string): Promise<LocalCopy> {
    assertSafeKey(key);
    await fs.mkdir(this.tempDir, { recursive: true });
    const dir = await fs.mkdtemp(path.join(this.tempDir || os.tmpdir(), 'gcs-'));
    const target = path.join(dir, path.basename(key));
    await this.bucket.file(key).download({ destination: target });
    return { path: target, release: () => fs.rm(dir, { recursive: true, force: true }) };
  }

  async exists(key: string): Promise<boolean> {
    assertSafeKey(key);
    const [exists] = await this.bucket.file(key).exists();
    return exists;
  }

  async delete(key: string): Promise<void> {
    assertSafeKey(key);
    await this.bucket.file(key).delete({ ignoreNotFound: true });
  }
}
