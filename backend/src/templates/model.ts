import { BaseModel } from '../db/base-model.js';

export type Visibility = 'private' | 'shared' | 'public';

export class Template extends BaseModel {
  static override tableName = 'templates';

  ownerId!: string;
  name!: string;
  description!: string | null;
  prompt!: string;
  visibility!: Visibility;
}
