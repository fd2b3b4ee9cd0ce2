import type { Deps } from '../deps.js';
import { createDownloadUrl } from '../documents/links.js';
import type { Analysis } from './model.js';

const iso = (d: Date | string | null) => (d ? new Date(d).toISOString() : null);

/**
 * Analysis JSON per the HTTP contract. Citation URLs are signed at presentation time, so a reloaded
 * answer always has working download links (stored ones would have expired).
 */
export function presentAnalysis(deps: Pick<Deps, 'config'>, a: Analysis) {
  return {
    id: a.id,
    projectId: a.projectId,
    source: a.source,
    selection: a.selection,
    cellCount: a.cellCount,
    prompt: a.prompt,
    refinedPrompt: a.refinedPrompt,
    intent: a.intent,
    templateId: a.templateId,
    status: a.status,
    answer: a.answer,
    citations: a.citations.map((c) => ({
      id: c.id,
      documentId: c.documentId,
      documentName: c.documentName,
      page: c.page,
      location: c.location,
      quote: c.quote,
      /** Read by OCR from a scanned page: the quote may hold recognition errors. */
      ocr: c.ocr ?? false,
      url: createDownloadUrl(deps, { documentId: c.documentId, userId: a.userId, page: c.page }),
    })),
    droppedCitations: a.droppedCitations,
    engine: a.engine,
    model: a.model,
    tokensIn: a.tokensIn,
    tokensOut: a.tokensOut,
    tokensCharged: a.tokensCharged === null ? null : Number(a.tokensCharged),
    tokensReserved: Number(a.tokensReserved),
    cached: a.cachedFrom !== null,
    latencyMs: a.latencyMs,
    modelMs: a.modelMs,
    error: a.error ? { code: a.errorCode ?? 'failed', message: a.error } : null,
    createdAt: iso(a.createdAt),
    completedAt: iso(a.completedAt),
  };
}
export type AnalysisJson = ReturnType<typeof presentAnalysis>;
