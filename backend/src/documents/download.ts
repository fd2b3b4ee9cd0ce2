/** Sends a document's original file with its type and name (inline for signed links, so PDFs open at #page=N). */
import type { Context } from 'koa';
import { notFound } from '../http/errors.js';
import type { Document } from './model.js';

export async function sendFile(ctx: Context, doc: Document, disposition: 'attachment' | 'inline'): Promise<void> {
  const stream = await ctx.deps.storage.read(doc.storageKey).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') throw notFound('File');
    throw err;
  });
  ctx.attachment(doc.filename, { type: disposition });
  ctx.type = doc.mime;
  ctx.length = Number(doc.bytes);
  ctx.set('Cache-Control', 'private, no-store');
  ctx.set('X-Content-Type-Options', 'nosniff');
  // A stored text file is never run as a page of our origin, whatever it contains. (PDFs keep the app's
  // policy: Chrome will not show a PDF in a sandboxed document.)
  if (doc.kind !== 'pdf') ctx.set('Content-Security-Policy', "default-src 'none'; sandbox");
  ctx.body = stream;
}
