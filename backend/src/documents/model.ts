import { BaseModel } from '../db/base-model.js';

export type DocumentStatus = 'queued' | 'processing' | 'ready' | 'failed';
export type DocumentKind = 'pdf' | 'docx' | 'xlsx' | 'csv' | 'txt' | 'md';
/** How chunk locations are expressed: real pages, page breaks, heading sections, sheet ranges, row or line ranges. */
export type LocationKind = 'page' | 'page-break' | 'section' | 'sheet-range' | 'rows' | 'lines';

export class Document extends BaseModel {
  static override tableName = 'documents';
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
  chunkCount!: number;
  embeddingModel!: string | null;
  embeddingDim!: number | null;
  jobId!: string | null;
  processedAt!: Date | null;
}
