import type { LoginRequest, MfaVerifyRequest, SignupRequest, User } from '@intellio/api-client';
import { createContext } from 'react';

export type AuthStatus = 'resolving' | 'signedIn' | 'signedOut';

/** A password sign-in either ends signed in, or (account with MFA) waits for the second step. */
export type SignInResult = { user: User } | { mfaToken: string };

/**
 * A sign-up signs in only the first account of an empty server; any other waits for the mailed link, with the
 * same answer whether or not the address had an account (so the page can only say "check your email").
 */
export type SignUpResult = { user: User } | { verificationSent: true };

/** An opened confirmation link: the confirmed user, and whether the link signed them in (not with MFA). */
export interface ConfirmEmailResult {
  user: User;
  signedIn: boolean;
}

export interface AuthContextValue {
  status: AuthStatus;
  /** The signed-in user; null while resolving or signed out. */
  user: User | null;
  signIn(input: LoginRequest): Promise<SignInResult>;
  /** The second step of an MFA sign-in: a code from the app or a recovery code. */
  completeMfa(input: MfaVerifyRequest): Promise<User>;
  signUp(input: SignupRequest): Promise<SignUpResult>;
  /**
   * Confirms the address from a mailed link, which also signs its account in. An unconfirmed address's link
   * needs the password chosen at its sign-up: without `password` it fails with `password_required`.
   */
  confirmEmail(token: string, password?: string): Promise<ConfirmEmailResult>;
  /** Ends the session on the server (best effort) and here. */
  signOut(): Promise<void>;
  /** Forgets the session locally, e.g. after a password reset has revoked it on the server. */
  forgetSession(): void;
  /** Replaces the user after a change made elsewhere (profile edit, email verified). */
  updateUser(user: User): void;
}

export const AuthContext = createContext<AuthContextValue | null>(null);
