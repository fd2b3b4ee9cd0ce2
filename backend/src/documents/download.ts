/** Sends a document's original file with its type and name (inline for signed links, so PDFs open at #page=N). */
import type { Context } from 'koa';
import parseRange from 'range-parser';
import { AppError, notFound } from '../http/errors.js';
import type { ByteRange } from '../storage/storage.js';
import { contentDisposition } from './disposition.js';
import type { Document } from './model.js';

/**
 * One byte range of the file, when the request asks for one that applies (RFC 9110 §14): a PDF viewer
 * fetches the pages it shows, so a citation's `#page=120` of a 50 MB report opens without downloading
 * all of it. Several ranges, a malformed header, or an If-Range naming another version: the whole file.
 * A range wholly past the end is a 416.
 */
function requestedRange(ctx: Context, doc: Document, size: number): ByteRange | null {
  const header = ctx.get('Range');
  if (!header || size === 0) return null;
  const ifRange = ctx.get('If-Range');
  if (ifRange && ifRange !== etagOf(doc)) return null;
  const ranges = parseRange(size, header, { combine: true });
  if (ranges === -1) {
    throw new AppError(416, 'range_not_satisfiable', `The file is ${size} bytes long; the requested range lies beyond it.`, undefined, { 'Content-Range': `bytes */${size}` });
  }
  if (ranges === -2 || ranges.type !== 'bytes' || ranges.length !== 1) return null;
  return { start: ranges[0].start, end: ranges[0].end };
}

/** The file never changes under its document (a new upload is a new document), so its hash is its version. */
const etagOf = (doc: Document) => `"${doc.sha256}"`;

export async function sendFile(ctx: Context, doc: Document, disposition: 'attachment' | 'inline'): Promise<void> {
  const size = Number(doc.bytes);
  const range = requestedRange(ctx, doc, size);
  const stream = await ctx.deps.storage.read(doc.storageKey, range ?? undefined).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') throw notFound('File');
    throw err;
  });
  ctx.set('Content-Disposition', contentDisposition(disposition, doc.filename));
  ctx.type = doc.mime;
  ctx.set('Accept-Ranges', 'bytes');
  ctx.set('ETag', etagOf(doc));
  if (range) {
    ctx.status = 206;
    ctx.set('Content-Range', `bytes ${range.start}-${range.end}/${size}`);
  }
  ctx.length = range ? range.end - range.start + 1 : size;
  ctx.set('Cache-Control', 'private, no-store');
  ctx.set('X-Content-Type-Options', 'nosniff');
  // A stored text file is never run as a page of our origin, whatever it contains. (PDFs keep the app's
  // policy: Chrome will not show a PDF in a sandboxed document.)
  if (doc.kind !== 'pdf') ctx.set('Content-Security-Policy', "default-src 'none'; sandbox");
  ctx.body = stream;
}
