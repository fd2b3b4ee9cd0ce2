/**
 * Receives one multipart file (field `file`) by streaming it to a temporary file while hashing it, so a
 * 50 MB upload never sits in memory. Oversize → 413, no file or an empty one → 400; the temporary file is
 * removed on every failure path (the caller removes it after success, or hands it to storage).
 */
import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';
import busboy from 'busboy';
import type { Context } from 'koa';
import { AppError, badRequest } from '../http/errors.js';

export interface ReceivedFile {
  tempPath: string;
  filename: string;
  bytes: number;
  sha256: string;
}

const MAX_FILENAME = 255;

/** Streams the request's `file` part to `tempDir`. */
export async function receiveUpload(ctx: Context, limitBytes: number, tempDir: string): Promise<ReceivedFile> {
  if (!ctx.is('multipart')) throw new AppError(415, 'unsupported_media_type', 'Send the file as multipart/form-data in a field named "file".');
  const declared = Number(ctx.get('content-length'));
  // Far beyond the limit: refuse before reading (multipart overhead is a few hundred bytes).
  if (declared > limitBytes + 1024 * 1024) {
    ctx.set('Connection', 'close');
    throw tooLarge(limitBytes);
  }
  await fs.mkdir(tempDir, { recursive: true });
  const tempPath = path.join(tempDir, `upload-${randomUUID()}`);
  try {
    return await receive(ctx, limitBytes, tempPath);
  } catch (err) {
    await fs.rm(tempPath, { force: true });
    throw err;
  }
}

function receive(ctx: Context, limitBytes: number, tempPath: string): Promise<ReceivedFile> {
  return new Promise((resolve, reject) => {
    let bb: busboy.Busboy;
    try {
      // Browsers and curl send the filename as raw UTF-8 bytes; busboy's default reads them as Latin-1
      // ("보고서.txt" became "ë³´ê³ ì.txt"). An RFC 5987 `filename*` is decoded by busboy and wins.
      bb = busboy({ headers: ctx.req.headers, defParamCharset: 'utf8', limits: { files: 1, fileSize: limitBytes, fields: 20, parts: 30, fieldSize: 64 * 1024 } });
    } catch {
      reject(badRequest('The multipart body is malformed (missing boundary?).'));
      return;
    }
    let written: Promise<Omit<ReceivedFile, 'tempPath'> & { truncated: boolean }> | null = null;
    let failed = false;
    const fail = (err: unknown) => {
      if (failed) return;
      failed = true;
      ctx.req.unpipe(bb);
      ctx.req.resume(); // drain, so the client still gets our answer
      reject(err);
    };

    bb.on('file', (field, stream, info) => {
      if (field !== 'file' || written) {
        stream.resume();
        return;
      }
      const hash = createHash('sha256');
      let bytes = 0;
      let truncated = false;
      stream.on('limit', () => (truncated = true));
      const meter = new Transform({
        transform(chunk: Buffer, _enc, cb) {
          hash.update(chunk);
          bytes += chunk.length;
          cb(null, chunk);
        },
      });
      written = pipeline(stream, meter, createWriteStream(tempPath)).then(() => ({
        filename: cleanFilename(info.filename),
        bytes,
        sha256: hash.digest('hex'),
        truncated,
      }));
      written.catch(() => {}); // handled on close
    });
    bb.on('error', () => fail(badRequest('The multipart body is malformed.')));
    bb.on('close', () => {
      if (failed) return;
      if (!written) return fail(badRequest('No file: send it in a multipart field named "file".'));
      written.then((file) => {
        if (file.truncated) return fail(tooLarge(limitBytes));
        if (file.bytes === 0) return fail(badRequest('The file is empty.'));
        resolve({ tempPath, filename: file.filename, bytes: file.bytes, sha256: file.sha256 });
      }, () => fail(badRequest('The upload was interrupted.')));
    });
    ctx.req.on('aborted', () => fail(badRequest('The upload was interrupted.')));
    ctx.req.pipe(bb);
  });
}

function tooLarge(limitBytes: number): AppError {
  const mb = Math.round((limitBytes / 1024 / 1024) * 10) / 10;
  return new AppError(413, 'payload_too_large', `The file is larger than the ${mb} MB upload limit.`, { limitBytes });
}

/**
 * Keeps the user's name for display and downloads, without paths or control characters. NFC, because macOS
 * sends Hangul and accents decomposed (ᄇ+ᅩ…): the same name must compare, search and display as one.
 * Cut at code points, so an emoji at the limit is never split into half a surrogate pair.
 */
export function cleanFilename(name: string | undefined): string {
  const base = (name ?? '').normalize('NFC').split(/[\\/]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex
  const clean = Array.from(base.replace(/[\u0000-\u001f\u007f]/g, '').trim()).slice(0, MAX_FILENAME).join('').trim();
  return clean || 'upload';
}
