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

/** One prompt a template has had; numbered from 1 per template. Rows are never changed. */
export class TemplateVersion extends Model {
  static override tableName = 'template_versions';

  id!: string;
  templateId!: string;
  number!: number;
  prompt!: string;
  createdBy!: string | null;
  restoredFrom!: string | null;
  createdAt!: Date;
}
