import { BaseModel } from '../db/base-model.js';

export class Category extends BaseModel {
  static override tableName = 'categories';
  userId!: string;
  name!: string;
  position!: number;
}
