/** Request and response types of the Intellio API (`/api/v1`), shared by every front end. */

export type ClientKind = 'web' | 'addin';
export type Role = 'user' | 'admin';
export type Tier = 'basic' | 'pro' | 'enterprise';

export interface ApiErrorBody {
  error: { code: string; message: string; details: unknown };
}

export interface User {
  id: string;
  email: string;
  name: string;
  role: Role;
  tier: Tier;
  emailVerified: boolean;
  /** The interface language the user chose; null = follow the browser or host. */
  language: 'en' | 'ko' | null;
  /** Whether sign-in asks for a second factor (TOTP or a recovery code). */
  mfaEnabled: boolean;
  createdAt: string;
}

export interface SessionResponse {
  user: User;
  accessToken: string;
  accessTokenExpiresAt: string;
  refreshTokenExpiresAt: string;
  /** Only for add-ins; the web app gets an httpOnly cookie instead. */
  refreshToken?: string;
}

export interface PublicConfig {
  companyUrl: string;
  publicUrl: string;
  /** Where users get the spreadsheet add-ins from this server. */
  addins: {
    /** manifestUrl is null when the server cannot offer one (Excel needs https), with the reason. */
    excel: { manifestUrl: string | null; unavailableReason: string | null };
    /** The Sheets add-on's install page (Google Workspace Marketplace), when the operator set one. */
    sheets: { installUrl: string | null };
  };
}

export interface SignupRequest {
  email: string;
  password: string;
  name: string;
}

export interface LoginRequest {
  email: string;
  password: string;
}

/** Sign-in of an account with MFA: no session yet, only a short-lived token for the second step. */
export interface MfaChallenge {
  mfaRequired: true;
  mfaToken: string;
}

/** The second step: the six-digit code from the authenticator app, or one of the recovery codes. */
export type MfaVerifyRequest = { mfaToken: string; code: string } | { mfaToken: string; recoveryCode: string };

export interface MfaSetupResponse {
  secret: string;
  otpauthUrl: string;
}

export interface MfaEnableResponse {
  /** Ten single-use codes, shown once. */
  recoveryCodes: string[];
}

export function isMfaChallenge(res: SessionResponse | MfaChallenge): res is MfaChallenge {
  return (res as MfaChallenge).mfaRequired === true;
}

export interface UpdateMeRequest {
  name?: string;
  language?: 'en' | 'ko' | null;
  currentPassword?: string;
  newPassword?: string;
}

export interface Message {
  message: string;
}
