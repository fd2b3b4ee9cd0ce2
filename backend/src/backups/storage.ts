/**
 * Where backup objects live: a directory on local disk (`./data/backups`) or a GCS bucket. Separate from
 * `storage/` (uploaded files) because backups are streamed in (never staged whole) and need listing for
 * retention and the storage-usage figures. An upload either completes or leaves no object behind.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Storage, type Bucket } from '@google-cloud/storage';
import type { Config } from '../config.js';
import { assertSafeKey } from '../storage/storage.js';

export interface BackupObject {
  key: string;
  bytes: number;
  updatedAt: Date;
}

export interface BackupStorage {
  readonly kind: 'local' | 'gcs';
  /** Streams `body` to `key`. On any error the object does not exist afterwards. */
  upload(key: string, body: Readable, contentType: string): Promise<void>;
  read(key: string): Promise<Readable>;
  list(prefix: string): Promise<BackupObject[]>;
  /** Deleting a missing object is not an error. */
  delete(key: string): Promise<void>;
  /** Human-readable location for the `backups` row (`file:///…`, `gs://bucket/key`). */
  location(key: string): string;
}

/** A directory on local disk. Uploads go to a `.part` file renamed into place when complete. */
export class LocalBackupStorage implements BackupStorage {
  readonly kind = 'local' as const;

  constructor(readonly root: string) {}

  private pathOf(key: string): string {
    assertSafeKey(key);
    return path.join(this.root, key);
  }

  async upload(key: string, body: Readable, _contentType?: string): Promise<void> {
    const target = this.pathOf(key);
    await fs.mkdir(path.dirname(target), { recursive: true });
    const part = `${target}.part`;
    try {
      await pipeline(body, createWriteStream(part, { mode: 0o600 }));
      await fs.rename(part, target);
    } catch (err) {
      await fs.rm(part, { force: true });
      throw err;
    }
  }

  async read(key: string): Promise<Readable> {
    const file = this.pathOf(key);
    await fs.access(file);
    return createReadStream(file);
  }

  async list(prefix: string): Promise<BackupObject[]> {
    const dir = path.join(this.root, prefix);
    const entries = await fs.readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
    const out: BackupObject[] = [];
    for (const e of entries) {
      if (!e.isFile() || e.name.endsWith('.part')) continue;
      const full = path.join(e.parentPath, e.name);
      const stat = await fs.stat(full);
      out.push({ key: path.relative(this.root, full).split(path.sep).join('/'), bytes: stat.size, updatedAt: stat.mtime });
    }
    return out.sort((a, b) => a.key.localeCompare(b.key));
  }

  async delete(key: string): Promise<void> {
    await fs.rm(this.pathOf(key), { force: true });
  }

  location(key: string): string {
    return `file://${this.pathOf(key)}`;
  }
}

/** The part of `@google-cloud/storage`'s Bucket this module uses (a test double implements the same). */
export interface BucketLike {
  readonly name: string;
  file(key: string): {
    createWriteStream(options: { resumable: boolean; contentType: string; validation: 'crc32c' | 'md5' | false; metadata?: object }): Writable;
    createReadStream(): Readable;
    delete(options: { ignoreNotFound: boolean }): Promise<unknown>;
  };
  getFiles(query: { prefix: string; autoPaginate: true }): Promise<[Array<{ name: string; metadata: { size?: string | number; updated?: string } }>, ...unknown[]]>;
}

export interface GcsBackupOptions {
  bucket: string;
  /** An emulator or test server; credentials are then not used. */
  apiEndpoint?: string;
}

/** Builds the real GCS client. Credentials come from the environment (workload identity, a key file). */
export function gcsBucket(options: GcsBackupOptions): Bucket {
  const storage = options.apiEndpoint
    ? new Storage({ apiEndpoint: options.apiEndpoint, projectId: 'local', useAuthWithCustomEndpoint: false })
    : new Storage({ retryOptions: { autoRetry: true, maxRetries: 5 } });
  return storage.bucket(options.bucket);
}

/**
 * A Google Cloud Storage bucket. Uploads are resumable (a multi-GB dump survives a dropped connection) and
 * CRC32C-validated; an upload that fails never becomes a visible object in GCS.
 */
export class GcsBackupStorage implements BackupStorage {
  readonly kind = 'gcs' as const;

  constructor(readonly bucket: BucketLike) {}

  async upload(key: string, body: Readable, contentType: string): Promise<void> {
    assertSafeKey(key);
    const sink = this.bucket.file(key).createWriteStream({
      resumable: true,
      contentType,
      validation: 'crc32c',
      metadata: { cacheControl: 'no-store' },
    });
    await pipeline(body, sink);
  }

  async read(key: string): Promise<Readable> {
    assertSafeKey(key);
    return this.bucket.file(key).createReadStream();
  }

  async list(prefix: string): Promise<BackupObject[]> {
    const [files] = await this.bucket.getFiles({ prefix, autoPaginate: true });
    return files
      .map((f) => ({ key: f.name, bytes: Number(f.metadata.size ?? 0), updatedAt: new Date(f.metadata.updated ?? 0) }))
      .sort((a, b) => a.key.localeCompare(b.key));
  }

  async delete(key: string): Promise<void> {
    assertSafeKey(key);
    await this.bucket.file(key).delete({ ignoreNotFound: true });
  }

  location(key: string): string {
    return `gs://${this.bucket.name}/${key}`;
  }
}

/** GCS when a backups bucket is configured (BACKUP_GCS_BUCKET or GCS_BUCKET), local disk otherwise. */
export function createBackupStorage(config: Config): BackupStorage {
  const { gcsBucket: bucket, dir } = config.backups;
  if (bucket) return new GcsBackupStorage(gcsBucket({ bucket, apiEndpoint: config.storage.gcsApiEndpoint }));
  return new LocalBackupStorage(dir);
}
