import { createReadStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { assertSafeKey, type ByteRange, type FileStorage, type LocalCopy } from './storage.js';

/** Files under one directory on local disk (`./data/files` by default). */
export class LocalStorage implements FileStorage {
  readonly kind = 'local' as const;
  readonly tempDir: string;

  constructor(private readonly root: string) {
    this.tempDir = path.join(root, '.tmp');
  }

  private pathOf(key: string): string {
    assertSafeKey(key);
    return path.join(this.root, key);
  }

  async putFile(key: string, tempPath: string): Promise<void> {
    const target = this.pathOf(key);
    await fs.mkdir(path.dirname(target), { recursive: true });
    await fs.rename(tempPath, target);
  }

  async read(key: string, range?: ByteRange): Promise<Readable> {
    const file = this.pathOf(key);
    await fs.access(file);
    return createReadStream(file, range ? { start: range.start, end: range.end } : {});
  }

  async localCopy(key: string): Promise<LocalCopy> {
    const file = this.pathOf(key);
    await fs.access(file);
    return { path: file, release: async () => {} };
  }

  async exists(key: string): Promise<boolean> {
    return fs.access(this.pathOf(key)).then(
      () => true,
      () => false,
    );
  }

  async delete(key: string): Promise<void> {
    await fs.rm(this.pathOf(key), { force: true });
  }
}
