import { BaseModel } from '../db/base-model.js';

export class Project extends BaseModel {
  static override tableName = 'projects';
  userId!: string;
  categoryId!: string;
  name!: string;
  description!: string | null;
  position!: number;
}
