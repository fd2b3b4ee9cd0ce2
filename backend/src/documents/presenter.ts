import type { Document } from './model.js';

/** A document as the API shows it: never its hash, storage key or owner. */
export function presentDocument(d: Document) {
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
