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

export interface UpdateMeRequest {
  name?: string;
  currentPassword?: string;
  newPassword?: string;
}

export interface Message {
  message: string;
}
