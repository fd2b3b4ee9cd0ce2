/**
 * Backup storage: the real GCS client is built and configured without any network; the GCS code paths
 * (resumable streamed upload, listing, deletion, a failing upload) run against an in-memory bucket double
 * implementing the same interface; local storage never leaves a partial object.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough, Readable, Writable } from 'node:stream';
import { loadConfig } from '../config.js';
import { createBackupStorage, gcsBucket, GcsBackupStorage, LocalBackupStorage, type BucketLike } from './storage.js';

interface WriteOptions {
  resumable: boolean;
  contentType: string;
  validation: 'crc32c' | 'md5' | false;
}

/** An in-memory bucket with the shape `@google-cloud/storage` gives: an object appears only when finished. */
class MemoryBucket implements BucketLike {
  readonly objects = new Map<string, { data: Buffer; updated: string }>();
  readonly writes: Array<{ key: string; options: WriteOptions }> = [];
  failAfterBytes: number | null = null;

  constructor(readonly name: string) {}

  file(key: string) {
    return {
      createWriteStream: (options: WriteOptions) => {
        this.writes.push({ key, options });
        const chunks: Buffer[] = [];
        let n = 0;
        return new Writable({
          write: (chunk: Buffer, _enc, cb) => {
            n += chunk.length;
            if (this.failAfterBytes !== null && n > this.failAfterBytes) return cb(new Error('503 Service Unavailable'));
            chunks.push(chunk);
            cb();
          },
          final: (cb) => {
            this.objects.set(key, { data: Buffer.concat(chunks), updated: new Date().toISOString() });
            cb();
          },
        });
      },
      createReadStream: () => {
        const o = this.objects.get(key);
        if (!o) {
          const s = new PassThrough();
          queueMicrotask(() => s.destroy(new Error('No such object')));
          return s;
        }
        return Readable.from([o.data]);
      },
      delete: async () => this.objects.delete(key),
    };
  }

  async getFiles(query: { prefix: string }): Promise<[Array<{ name: string; metadata: { size: string; updated: string } }>]> {
    const files = [...this.objects.entries()]
      .filter(([k]) => k.startsWith(query.prefix))
      .map(([name, o]) => ({ name, metadata: { size: String(o.data.length), updated: o.updated } }));
    return [files];
  }
}

function bigStream(bytes: number): Readable {
  let sent = 0;
  return new Readable({
    read() {
      if (sent >= bytes) return this.push(null);
      const n = Math.min(65_536, bytes - sent);
      sent += n;
      this.push(Buffer.alloc(n, sent % 251));
    },
  });
}

describe('backup storage', () => {
  it('constructs and configures the real GCS client without network access', () => {
    const bucket = gcsBucket({ bucket: 'intellio-backups-prod' });
    assert.equal(bucket.name, 'intellio-backups-prod');
    assert.equal(bucket.storage.apiEndpoint, 'https://storage.googleapis.com');
    assert.equal(bucket.storage.retryOptions.autoRetry, true);
    const storage = new GcsBackupStorage(bucket);
    assert.equal(storage.location('backups/x.dump'), 'gs://intellio-backups-prod/backups/x.dump');

    const emulated = gcsBucket({ bucket: 'b', apiEndpoint: 'http://127.0.0.1:4443' });
    assert.equal(emulated.storage.apiEndpoint, 'http://127.0.0.1:4443');

    const config = loadConfig({ NODE_ENV: 'test', DATA_DIR: os.tmpdir(), GCS_BUCKET: 'files-bucket', BACKUP_GCS_BUCKET: 'backup-bucket', BACKUP_PREFIX: 'db/' });
    const fromConfig = createBackupStorage(config);
    assert.ok(fromConfig instanceof GcsBackupStorage);
    assert.equal(fromConfig.location('db/a.dump'), 'gs://backup-bucket/db/a.dump');
    const local = createBackupStorage(loadConfig({ NODE_ENV: 'test', DATA_DIR: '/srv/intellio' }));
    assert.ok(local instanceof LocalBackupStorage);
    assert.equal(local.root, '/srv/intellio/backups');
  });

  it('streams a resumable, CRC32C-validated upload to GCS and lists and deletes objects', async () => {
    const bucket = new MemoryBucket('intellio-backups');
    const storage = new GcsBackupStorage(bucket);
    await storage.upload('backups/a.dump', bigStream(3_000_000), 'application/octet-stream');
    await storage.upload('backups/b.sql.gz', bigStream(1000), 'application/gzip');
    await storage.upload('other/c', bigStream(10), 'text/plain');
    assert.deepEqual(bucket.writes[0], { key: 'backups/a.dump', options: { resumable: true, contentType: 'application/octet-stream', validation: 'crc32c', metadata: { cacheControl: 'no-store' } } });
    const listed = await storage.list('backups/');
    assert.deepEqual(listed.map((o) => [o.key, o.bytes]), [['backups/a.dump', 3_000_000], ['backups/b.sql.gz', 1000]]);
    let read = 0;
    for await (const chunk of await storage.read('backups/a.dump')) read += (chunk as Buffer).length;
    assert.equal(read, 3_000_000);
    await storage.delete('backups/a.dump');
    await storage.delete('backups/missing.dump');
    assert.deepEqual((await storage.list('backups/')).map((o) => o.key), ['backups/b.sql.gz']);
    await assert.rejects(storage.upload('../etc/passwd', bigStream(1), 'text/plain'), /unsafe storage key/);
  });

  it('rejects a failed GCS upload and leaves no object', async () => {
    const bucket = new MemoryBucket('intellio-backups');
    bucket.failAfterBytes = 100_000;
    const storage = new GcsBackupStorage(bucket);
    await assert.rejects(storage.upload('backups/x.dump', bigStream(1_000_000), 'application/octet-stream'), /503/);
    assert.equal(bucket.objects.size, 0);
  });

  it('writes local backups atomically: a failed stream leaves neither the object nor a .part file', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'intellio-bstore-'));
    try {
      const storage = new LocalBackupStorage(dir);
      let n = 0;
      const failing = new Readable({
        read() {
          if (++n === 4) this.destroy(new Error('pg_dump failed'));
          else this.push(Buffer.alloc(65_536, 1));
        },
      });
      await assert.rejects(storage.upload('backups/x.dump', failing, 'application/octet-stream'), /pg_dump failed/);
      assert.deepEqual(fs.readdirSync(path.join(dir, 'backups')), []);
      await storage.upload('backups/y.dump', bigStream(200_000), 'application/octet-stream');
      assert.deepEqual((await storage.list('backups/')).map((o) => [o.key, o.bytes]), [['backups/y.dump', 200_000]]);
      assert.equal((fs.statSync(path.join(dir, 'backups/y.dump')).mode & 0o777).toString(8), '600');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
