import { Model } from 'objection';
import { BaseModel } from '../db/base-model.js';

export type Visibility = 'private' | 'shared' | 'public';

export class Template extends BaseModel {
  static override tableName = 'templates';

  ownerId!: string;
  name!: string;
  description!: string | null;
  prompt!: string;
  visibility!: Visibility;
  /** Tokens all runs of this template may charge per calendar month (UTC); null: no cap. */
  monthlyTokenBudget!: string | number | null;
}

/**
 * A few-shot example a template's owner promoted from a rated run (templates/examples.ts): what was asked, on
 * which cells (a summary: sheet, ranges, cell count; never the values) and the answer the model is shown.
 */
export interface TemplateExample {
  /** `answer`: the answer as the model gave it (rated helpful); `correction`: the user's corrected answer. */
  use: 'answer' | 'correction';
  analysisId: string;
  question: string;
  selection: string;
  answer: string;
  addedAt: string;
}

/** One prompt (and set of examples) a template has had; numbered from 1 per template. Rows are never changed. */
export class TemplateVersion extends Model {
  static override tableName = 'template_versions';
  static override jsonAttributes = ['examples'];

  id!: string;
  templateId!: string;
  number!: number;
  prompt!: string;
  createdBy!: string | null;
  restoredFrom!: string | null;
  /** The few-shot examples this version's runs send to the model (migration 027). */
  examples!: TemplateExample[];
  createdAt!: Date;
}
