import type { ProjectDocument } from '../contract/documents.js';
import { translator, type Language } from '../http/localize.js';
import { documentFailure, type DocumentFailure } from './failure.js';
import type { Document } from './model.js';

/** A document as the API shows it: never its hash, storage key or owner. */
export function presentDocument(d: Document): ProjectDocument {
  return {
    id: d.id,
    projectId: d.projectId,
    filename: d.filename,
    mime: d.mime,
    kind: d.kind,
    bytes: Number(d.bytes),
    pages: d.pages,
    locationKind: d.locationKind,
    status: d.status,
    progress: d.progress,
    error: d.error,
    chunkCount: d.chunkCount,
    /** CSV/XLSX: rows holding data, header row included (null for other kinds). */
    rowCount: d.rowCount ?? null,
    /** Pages read by text recognition: their quotes may hold recognition errors. */
    ocrPages: d.ocrPages ?? 0,
    ocrPageNumbers: d.ocrPageNumbers ?? [],
    createdAt: new Date(d.createdAt).toISOString(),
    /** Changes with every status or progress change: clients keep the newer of two versions they receive. */
    updatedAt: new Date(d.updatedAt).toISOString(),
    processedAt: d.processedAt ? new Date(d.processedAt).toISOString() : null,
  };
}

export type DocumentJson = ReturnType<typeof presentDocument>;

/** A failed row's stored code and figures; undefined for a row failed before migration 029 (or not failed). */
export function storedFailure(d: Pick<Document, 'errorCode' | 'errorParams'>): DocumentFailure | undefined {
  return d.errorCode ? { code: d.errorCode, params: d.errorParams ?? {} } : undefined;
}

/**
 * A failure reason in `language`, from its code and figures (the stored ones; without them, as for a row
 * failed before migration 029, read back from the English sentence); English keeps the sentence itself, which
 * names the file's own kind. A code the catalogue lacks keeps the English sentence.
 */
export function failureReason(english: string, language: Language, failure: DocumentFailure | undefined): string {
  if (language === 'en') return english;
  // The key is built from a stored code, so it is looked up untyped (front ends type their keys).
  const t = translator(language) as unknown as (key: string, options: Record<string, unknown>) => string;
  const { code, params } = failure ?? documentFailure(english);
  return t(`serverDocumentFailures.${code}`, { ...params, defaultValue: english });
}

/**
 * A presented document (a live event's, published in English) with its failure reason in `language`, from the
 * code the event carries beside it (events.ts); an event without one (published by an older process) has its
 * sentence read back.
 */
export function localizeDocument(json: unknown, language: Language, failure?: DocumentFailure): unknown {
  if (!json || typeof json !== 'object') return json;
  const error = (json as { error?: unknown }).error;
  return typeof error === 'string' ? { ...json, error: failureReason(error, language, failure) } : json;
}

/** `presentDocument` with its failure reason in the reader's language: `docs.map(presentDocumentIn(language))`. */
export function presentDocumentIn(language: Language): (d: Document) => DocumentJson {
  return (d) => {
    const json = presentDocument(d);
    if (!d.error || language === 'en') return json;
    return { ...json, error: failureReason(d.error, language, storedFailure(d)) };
  };
}
