import type { LoginRequest, MfaVerifyRequest, SignupRequest, User } from '@intellio/api-client';
import { createContext } from 'react';

export type AuthStatus = 'resolving' | 'signedIn' | 'signedOut';

/** A password sign-in either ends signed in, or (account with MFA) waits for the second step. */
export type SignInResult = { user: User } | { mfaToken: string };

export interface AuthContextValue {
  status: AuthStatus;
  /** The signed-in user; null while resolving or signed out. */
  user: User | null;
  signIn(input: LoginRequest): Promise<SignInResult>;
  /** The second step of an MFA sign-in: a code from the app or a recovery code. */
  completeMfa(input: MfaVerifyRequest): Promise<User>;
  signUp(input: SignupRequest): Promise<User>;
  /** Ends the session on the server (best effort) and here. */
  signOut(): Promise<void>;
  /** Forgets the session locally, e.g. after a password reset has revoked it on the server. */
  forgetSession(): void;
  /** Replaces the user after a change made elsewhere (profile edit, email verified). */
  updateUser(user: User): void;
}

export const AuthContext = createContext<AuthContextValue | null>(null);
