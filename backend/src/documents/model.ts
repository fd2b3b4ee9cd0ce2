import type { Knex } from 'knex';
import { BaseModel } from '../db/base-model.js';

export type DocumentStatus = 'queued' | 'processing' | 'ready' | 'failed';
export type DocumentKind = 'pdf' | 'docx' | 'hwp' | 'hwpx' | 'xlsx' | 'csv' | 'txt' | 'md';
/** How chunk locations are expressed: real pages, page breaks, heading sections, sheet ranges, row or line ranges. */
export type LocationKind = 'page' | 'page-break' | 'section' | 'sheet-range' | 'rows' | 'lines';

export class Document extends BaseModel {
  static override tableName = 'documents';
  static override jsonAttributes = ['errorParams'];
  userId!: string;
  projectId!: string;
  filename!: string;
  mime!: string;
  kind!: DocumentKind;
  bytes!: number;
  sha256!: string;
  storageKey!: string;
  pages!: number | null;
  locationKind!: LocationKind | null;
  status!: DocumentStatus;
  progress!: number;
  error!: string | null;
  /** The failure reason's machine code (`too_many_cells`), worded per reader by the presenter (migration 029). */
  errorCode!: string | null;
  /** The figures the failure reason names (`{ max: 1000000 }`), for the worded sentence. */
  errorParams!: Record<string, string | number> | null;
  chunkCount!: number;
  /** CSV/XLSX: rows holding data, counted at ingest (null: another kind, or not yet counted). */
  rowCount!: number | null;
  /** How many PDF pages got their text from OCR (null: none). */
  ocrPages!: number | null;
  /** Which ones, ascending (null: none, or read before migration 016). */
  ocrPageNumbers!: number[] | null;
  embeddingModel!: string | null;
  embeddingDim!: number | null;
  jobId!: string | null;
  processedAt!: Date | null;

  /**
   * Ready documents whose chunks were embedded by another model than `model` (or by none on record): what
   * re-embedding has to do, and what vector search cannot compare with a query of `model` meanwhile.
   */
  static embeddedByOtherModel(knex: Knex, model: string) {
    return Document.query(knex).where({ status: 'ready' }).where((q) => q.whereNot({ embeddingModel: model }).orWhereNull('embeddingModel'));
  }

  /** The storage keys of the projects' documents: read before a cascade deletes them, to sweep after it. */
  static async storageKeysOf(knex: Knex, projectIds: string[]): Promise<string[]> {
    if (!projectIds.length) return [];
    return (await Document.query(knex).whereIn('projectId', projectIds).select('storageKey')).map((d) => d.storageKey);
  }
}
