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
  /** 'default': PUBLIC_URL is unset and links are built from http://localhost:PORT. */
  publicUrlSource: 'PUBLIC_URL' | 'default';
  /** SUPPORT_EMAIL: the address to name wherever support is mentioned; null when none is configured. */
  supportEmail: string | null;
  /** The server has no account yet: the first sign-up creates the administrator. */
  setupRequired: boolean;
  /** REQUIRE_ADMIN_MFA: an admin without MFA can only set it up until it is on (403 `mfa_setup_required`). */
  requireAdminMfa: boolean;
  /** Ledger tokens of a local-analyst run (base + per 1,000 cells); null when a language model answers. */
  localAnalystPrice: { baseTokens: number; tokensPer1kCells: number } | null;
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

/**
 * A sign-up that waits for the mailed link: every sign-up but the first account's of an empty server, with
 * the same answer whether or not the address already has an account (the owner learns which by mail).
 */
export interface SignupPending {
  status: 'verification_sent';
}

export type SignupResponse = SessionResponse | SignupPending;

export function isSignupPending(res: SignupResponse): res is SignupPending {
  return (res as SignupPending).status === 'verification_sent';
}

/** POST /auth/verify: the confirmed user and the session the link signs in with (none for an account with MFA). */
export type VerifyResponse = { user: User } & Partial<Omit<SessionResponse, 'user'>>;

export interface UpdateMeRequest {
  name?: string;
  language?: 'en' | 'ko' | null;
  currentPassword?: string;
  newPassword?: string;
}

export interface Message {
  message: string;
}

/**
 * What a local-analyst run over `cells` selected cells costs in ledger tokens, from GET /config's
 * `localAnalystPrice`: the same formula the server holds and charges (backend/src/analysis/pricing.ts).
 */
export function localAnalystTokens(price: { baseTokens: number; tokensPer1kCells: number }, cells: number): number {
  return price.baseTokens + Math.ceil((cells * price.tokensPer1kCells) / 1000);
}
