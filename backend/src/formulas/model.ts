import { Model } from 'objection';
import type { Citation } from '../analysis/citations.js';

/** One cached formula answer per user and item; `fingerprint` is the project's documents it was computed over. */
export class FormulaCacheEntry extends Model {
  static override tableName = 'formula_cache';
  static override idColumn = ['userId', 'itemKey'];
  static override jsonAttributes = ['citations'];

  userId!: string;
  itemKey!: string;
  projectId!: string;
  fingerprint!: string;
  value!: string;
  citations!: Citation[];
  analysisId!: string | null;
  tokensCharged!: number;
  computedAt!: Date;
  expiresAt!: Date;
}

/** A workbook's monthly spend cap (null = none). */
export class FormulaWorkbook extends Model {
  static override tableName = 'formula_workbooks';
  static override idColumn = ['userId', 'workbookId'];

  userId!: string;
  workbookId!: string;
  monthlyTokenCap!: number | null;
  updatedAt!: Date;
}

/** What one computation charged, and to which workbook (the cap sums these over the month). */
export class FormulaRun extends Model {
  static override tableName = 'formula_runs';

  id!: string;
  userId!: string;
  workbookId!: string | null;
  analysisId!: string | null;
  tokensCharged!: number;
  createdAt!: Date;
}
