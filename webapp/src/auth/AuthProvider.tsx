import { isMfaChallenge, isSignupPending, type LoginRequest, type MfaVerifyRequest, type SignupRequest, type User } from '@intellio/api-client';
import { useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api, onSessionExpired } from '../api';
import { AuthContext, type AuthContextValue, type AuthStatus, type ConfirmEmailResult, type SignUpResult } from './AuthContext';
import { resumeSession } from './resumeSession';
import { userOnly } from './userOnly';
import { verifyEmailOnce } from './verifyEmailOnce';

interface AuthProviderProps {
  children: ReactNode;
}

interface SessionState {
  status: AuthStatus;
  user: User | null;
}

const signedOut: SessionState = { status: 'signedOut', user: null };

/** Owns the session for the whole app: restores it on load and exposes sign-in, sign-up and sign-out. */
export function AuthProvider({ children }: AuthProviderProps) {
  const [session, setSession] = useState<SessionState>({ status: 'resolving', user: null });

  useEffect(() => {
    let active = true;
    void resumeSession().then((user) => {
      if (active) setSession(user ? { status: 'signedIn', user } : signedOut);
    });
    const unsubscribe = onSessionExpired(() => setSession(signedOut));
    return () => {
      active = false;
      unsubscribe();
    };
  }, []);

  const signIn = useCallback(async (input: LoginRequest) => {
    const res = await api.auth.login(input);
    if (isMfaChallenge(res)) return { mfaToken: res.mfaToken };
    setSession({ status: 'signedIn', user: res.user });
    return { user: res.user };
  }, []);

  const completeMfa = useCallback(async (input: MfaVerifyRequest) => {
    const { user } = await api.auth.mfa.verify(input);
    setSession({ status: 'signedIn', user });
    return user;
  }, []);

  const signUp = useCallback(async (input: SignupRequest): Promise<SignUpResult> => {
    const res = await api.auth.signup(input);
    if (isSignupPending(res)) return { verificationSent: true };
    setSession({ status: 'signedIn', user: res.user });
    return { user: res.user };
  }, []);

  const confirmEmail = useCallback(async (token: string, password?: string): Promise<ConfirmEmailResult> => {
    // Opening the page asks once per token; a typed password is a new attempt each time it is sent.
    const res = password === undefined ? await verifyEmailOnce(token) : await api.auth.verify(token, password);
    const user = userOnly(res.user);
    // The link's session replaces whoever was signed in here; without one, only that same user is refreshed.
    if (res.accessToken) setSession({ status: 'signedIn', user });
    else setSession((current) => (current.user?.id === user.id ? { status: 'signedIn', user } : current));
    return { user, signedIn: Boolean(res.accessToken) };
  }, []);

  const signOut = useCallback(async () => {
    try {
      await api.auth.logout();
    } catch {
      // The local session ends either way; the refresh token expires on its own if the call failed.
    }
    setSession(signedOut);
  }, []);

  const forgetSession = useCallback(() => {
    void api.http.tokens.clear();
    setSession(signedOut);
  }, []);

  const updateUser = useCallback((user: User) => {
    setSession((current) => (current.user?.id === user.id ? { status: 'signedIn', user: userOnly(user) } : current));
  }, []);

  const value = useMemo<AuthContextValue>(
    () => ({ ...session, signIn, completeMfa, signUp, confirmEmail, signOut, forgetSession, updateUser }),
    [session, signIn, completeMfa, signUp, confirmEmail, signOut, forgetSession, updateUser],
  );

  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}
