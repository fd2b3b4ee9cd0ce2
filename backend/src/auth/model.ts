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

/**
 * A confirmation link. `passwordHash` and `name` are the credentials of the sign-up it was mailed for, which
 * opening it (with that password) puts on the account; null in both means the account's own (a link mailed by
 * a sign-in or the "resend" banner, or one from before migration 034). Never mailed; cleared from all of an
 * account's links once one is used, and on a password reset or change.
 */
export class EmailVerification extends BaseModel {
  static override tableName = 'email_verifications';
  userId!: string;
  tokenHash!: string;
  expiresAt!: Date;
  usedAt!: Date | null;
  passwordHash!: string | null;
  name!: string | null;
}

/** One of the ten single-use MFA recovery codes, stored as SHA-256. */
export class MfaRecoveryCode extends BaseModel {
  static override tableName = 'mfa_recovery_codes';
  userId!: string;
  codeHash!: string;
  usedAt!: Date | null;
}
