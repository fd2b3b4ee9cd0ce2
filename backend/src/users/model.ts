import { BaseModel } from '../db/base-model.js';

export type Role = 'user' | 'admin';
export type Tier = 'basic' | 'pro' | 'enterprise';

export class User extends BaseModel {
  static override tableName = 'users';

  email!: string;
  name!: string;
  passwordHash!: string;
  role!: Role;
  tier!: Tier;
  disabled!: boolean;
  emailVerifiedAt!: Date | null;
  /** 'en' | 'ko', or null to follow the browser or host. */
  language!: string | null;
  sessionVersion!: number;
  lastLoginAt!: Date | null;
}
