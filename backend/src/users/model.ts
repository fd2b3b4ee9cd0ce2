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
  /** TOTP secret (base32) once MFA is on; `mfaPendingSecret` between setup and the first correct code. */
  mfaSecret!: string | null;
  mfaPendingSecret!: string | null;
  mfaEnabledAt!: Date | null;
  /** The last accepted TOTP time step (replay guard). bigint comes back from pg as a string. */
  mfaLastStep!: string | number | null;
}
