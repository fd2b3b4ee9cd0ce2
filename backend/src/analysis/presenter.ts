import type { Citation, Claim, ReadPassage } from '../contract/analysis.js';
import type { Deps } from '../deps.js';
import { createDownloadUrl } from '../documents/links.js';
import { messageForCode, type Language } from '../http/localize.js';
import type { Analysis } from './model.js';

const iso = (d: Date | string | null) => (d ? new Date(d).toISOString() : null);

/** The stable app link of a document page (`/d/:id` asks for a sign-in, then opens it); it never expires. */
function appUrl(deps: Pick<Deps, 'config'>, documentId: string, page: number | null): string {
  return `${deps.config.publicUrl}/d/${documentId}${page !== null ? `?page=${page}` : ''}`;
}

/**
 * Analysis JSON per the HTTP contract. Citation URLs are signed at presentation time, so a reloaded
 * answer always has working download links (stored ones would have expired).
 */
export function presentAnalysis(deps: Pick<Deps, 'config'>, a: Analysis, language: Language = 'en') {
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
    citations: a.citations.map((c): Citation => ({
      id: c.id,
      documentId: c.documentId,
      documentName: c.documentName,
      page: c.page,
      location: c.location,
      quote: c.quote,
      /** Read by OCR from a scanned page: the quote may hold recognition errors. */
      ocr: c.ocr ?? false,
      url: createDownloadUrl(deps, { documentId: c.documentId, userId: a.userId, page: c.page }),
      appUrl: appUrl(deps, c.documentId, c.page),
    })),
    droppedCitations: a.droppedCitations,
    claims: (a.claims ?? []).map((c): Claim => ({
      text: c.text,
      verdict: c.verdict,
      sources: c.sources.map((s) => (s.type === 'passage' ? { type: s.type, citation: s.citation, documentId: s.documentId, page: s.page } : { type: s.type, address: s.address })),
      ...(c.reason !== undefined ? { reason: c.reason } : {}),
      ...(c.checkedBy !== undefined ? { checkedBy: c.checkedBy } : {}),
    })),
    /** Every passage given to the model, cited or not: what the answer was built from. */
    read: a.passages.map((p): ReadPassage => ({
      id: p.id,
      documentId: p.documentId,
      documentName: p.documentName,
      page: p.page,
      location: p.location,
      url: createDownloadUrl(deps, { documentId: p.documentId, userId: a.userId, page: p.page }),
      appUrl: appUrl(deps, p.documentId, p.page),
    })),
    engine: a.engine,
    model: a.model,
    tokensIn: a.tokensIn,
    tokensOut: a.tokensOut,
    tokensCharged: a.tokensCharged === null ? null : Number(a.tokensCharged),
    tokensReserved: Number(a.tokensReserved),
    /** The quote the run was prepared with (ledger tokens); null for runs from before quotes. */
    quote: a.quoteHigh == null ? null : { estimatedTokens: Number(a.quoteEstimated), low: Number(a.quoteLow), high: Number(a.quoteHigh) },
    cached: a.cachedFrom !== null,
    latencyMs: a.latencyMs,
    modelMs: a.modelMs,
    // The row keeps the code and the English message; the reader gets the message in their language.
    error: a.error ? { code: a.errorCode ?? 'failed', message: messageForCode(a.errorCode ?? 'failed', a.error, language) } : null,
    createdAt: iso(a.createdAt),
    completedAt: iso(a.completedAt),
  };
}
export type AnalysisJson = ReturnType<typeof presentAnalysis>;
