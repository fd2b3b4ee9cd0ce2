import { createReadStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { assertSafeKey, type ByteRange, type FileStorage, type LocalCopy, type StoredFile } from './storage.js';

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

  async *list(prefix: string): AsyncIterable<StoredFile> {
    yield* this.walk(this.root, prefix);
  }

  /** Files under `dir` whose key starts with `prefix`, skipping directories that cannot hold one (and .tmp). */
  private async *walk(dir: string, prefix: string): AsyncIterable<StoredFile> {
    const entries = await fs.readdir(dir, { withFileTypes: true }).catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') return [];
      throw err;
    });
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      const key = path.relative(this.root, full).split(path.sep).join('/');
      if (entry.isDirectory()) {
        if (full !== this.tempDir && (prefix.startsWith(`${key}/`) || key.startsWith(prefix))) yield* this.walk(full, prefix);
      } else if (entry.isFile() && key.startsWith(prefix)) {
        yield { key, updated: (await fs.stat(full)).mtime };
      }
    }
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
