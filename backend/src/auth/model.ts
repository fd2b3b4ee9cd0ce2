import { BaseModel } from '../db/base-model.js';

export type ClientKind = 'web' | 'addin';

export class RefreshToken extends BaseModel {
  static override tableName = 'refresh_tokens';

  userId!: string;
  familyId!: string;
  tokenHash!: string;
  client!: ClientKind;
  userAgent!: string | null;
  ip!: string | null;
  expiresAt!: Date;
  rotatedAt!: Date | null;
  revokedAt!: Date | null;
  replacedBy!: string | null;
}

/** Single-use, hashed, expiring links (password reset, email verification). */
export class PasswordReset extends BaseModel {
  static override tableName = 'password_resets';
  userId!: string;
  tokenHash!: string;
  expiresAt!: Date;
  usedAt!: Date | null;
}

export class EmailVerification extends BaseModel {
  static override tableName = 'email_verifications';
  userId!: string;
  tokenHash!: string;
  expiresAt!: Date;
  usedAt!: Date | null;
}

/** One of the ten single-use MFA recovery codes, stored as SHA-256. */
export class MfaRecoveryCode extends BaseModel {
  static override tableName = 'mfa_recovery_codes';
  userId!: string;
  codeHash!: string;
  usedAt!: Date | null;
}
