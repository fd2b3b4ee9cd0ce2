/**
 * Signed, expiring download links for cited documents: an HMAC over (document, user, expiry) with a key
 * derived from the server secret, so any backend process can check a link without a database lookup.
 * The link opens the original file; PDFs jump to the cited page with `#page=N`.
 */
import { createHmac } from 'node:crypto';
import type { Deps } from '../deps.js';
import { safeEqual } from '../lib/tokens.js';

export const DEFAULT_LINK_TTL_SECONDS = 15 * 60;

export interface LinkClaims {
  documentId: string;
  userId: string;
  /** Unix seconds. */
  expires: number;
}

function signature(secret: string, claims: LinkClaims): string {
  // A purpose prefix keeps this key separate from every other use of the secret.
  return createHmac('sha256', `download-link:${secret}`)
    .update(`${claims.documentId}.${claims.userId}.${claims.expires}`)
    .digest('base64url');
}

/** The absolute URL a citation's "Open page N" button opens (and a stable /d/ link resolves to). */
export function createDownloadUrl(
  deps: Pick<Deps, 'config'>,
  input: { documentId: string; userId: string; page?: number | null; ttlSeconds?: number; now?: Date },
): string {
  const now = input.now ?? new Date();
  const claims: LinkClaims = {
    documentId: input.documentId,
    userId: input.userId,
    expires: Math.floor(now.getTime() / 1000) + (input.ttlSeconds ?? DEFAULT_LINK_TTL_SECONDS),
  };
  const qs = new URLSearchParams({ u: claims.userId, e: String(claims.expires), s: signature(deps.config.auth.jwtSecret, claims) });
  const page = input.page ? `#page=${input.page}` : '';
  return `${deps.config.publicUrl}/api/v1/documents/${claims.documentId}/file?${qs.toString()}${page}`;
}

export type LinkCheck = { ok: true; claims: LinkClaims } | { ok: false; reason: 'invalid' | 'expired' };

/** Checks a link's query against the document id in its path. */
export function verifyDownloadLink(
  deps: Pick<Deps, 'config'>,
  documentId: string,
  query: { u?: unknown; e?: unknown; s?: unknown },
  now = new Date(),
): LinkCheck {
  const { u, e, s } = query;
  if (typeof u !== 'string' || typeof e !== 'string' || typeof s !== 'string' || !/^\d{1,12}$/.test(e)) return { ok: false, reason: 'invalid' };
  const claims: LinkClaims = { documentId, userId: u, expires: Number(e) };
  if (!safeEqual(signature(deps.config.auth.jwtSecret, claims), s)) return { ok: false, reason: 'invalid' };
  if (claims.expires * 1000 < now.getTime()) return { ok: false, reason: 'expired' };
  return { ok: true, claims };
}
