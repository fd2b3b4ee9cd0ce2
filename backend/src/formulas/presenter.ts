import type { Deps } from '../deps.js';
import { createDownloadUrl } from '../documents/links.js';
import type { ItemResult } from './service.js';

/**
 * One result per item, per the contract. Citation links are signed now (a cached answer may be weeks old),
 * and one document page cited by several rows of a FILL is listed once.
 */
export function presentResult(deps: Pick<Deps, 'config'>, userId: string, r: ItemResult) {
  const seen = new Set<string>();
  const citations = r.entries
    .flatMap((e) => e.citations)
    .filter((c) => {
      const k = `${c.documentId}#${c.page}`;
      return seen.has(k) ? false : (seen.add(k), true);
    })
    .map((c) => ({ documentId: c.documentId, documentName: c.documentName, page: c.page, url: createDownloadUrl(deps, { documentId: c.documentId, userId, page: c.page }) }));
  return {
    value: r.value,
    cached: r.cached,
    ...(r.stale ? { stale: true } : {}),
    tokensCharged: r.tokensCharged,
    ...(citations.length ? { citations } : {}),
    ...(r.error ? { error: r.error } : {}),
  };
}
