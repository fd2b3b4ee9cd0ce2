import { Model } from 'objection';

/** Base for every model: updated_at kept current (name mapping is on the knex instance). */
export class BaseModel extends Model {
  id!: string;
  createdAt!: Date;
  updatedAt!: Date;

  override $beforeUpdate(): void {
    this.updatedAt = new Date();
  }
}
