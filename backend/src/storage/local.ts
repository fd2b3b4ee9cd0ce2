import { createReadStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { assertSafeKey, type ByteRange, type FileStorage, type LocalCopy } from './storage.js';

/** Files under one directory on local disk (`./data/files` by default). */
export class LocalStorage implements FileStorage {
  readonly kind = 'local' as const;
  readonly tempDir: string;
  private readonly root: string;

  constructor(root: string) {
    this.root = path.resolve(root);
    this.tempDir = path.join(this.root, '.tmp');
  }

  private pathOf(key: string): string {
    assertSafeKey(key);
    return path.join(this.root, key);
  }

  async putFile(key: string, tempPath: string): Promise<void> {
    const target = this.pathOf(key);
    for (let attempt = 1; ; attempt++) {
      await fs.mkdir(path.dirname(target), { recursive: true });
      try {
        return await fs.rename(tempPath, target);
      } catch (err) {
        // A delete of the directory's last other file may have removed it in between (see delete).
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT' || attempt === 3) throw err;
      }
    }
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

  /** Deletes the file, and the directories above it that it leaves empty (a deleted project's). */
  async delete(key: string): Promise<void> {
    const file = this.pathOf(key);
    await fs.rm(file, { force: true });
    for (let dir = path.dirname(file); dir.startsWith(this.root + path.sep); dir = path.dirname(dir)) {
      const empty = await fs.rmdir(dir).then(() => true, () => false); // not empty, or gone: stop
      if (!empty) break;
    }
  }
}
