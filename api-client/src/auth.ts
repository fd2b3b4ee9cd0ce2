import type { Http } from './http.js';
import { isMfaChallenge, isSignupPending } from './types.js';
import type { LoginRequest, Message, MfaChallenge, MfaEnableResponse, MfaSetupResponse, MfaVerifyRequest, PublicConfig, SessionResponse, SignupRequest, SignupResponse, UpdateMeRequest, User, VerifyResponse } from './types.js';

/** Sign-up, sign-in and account endpoints. Successful sign-ins store the tokens in the client's store. */
export function authApi(http: Http) {
  const client = http.options.client;
  const keep = async (s: SessionResponse) => {
    await http.tokens.save({ accessToken: s.accessToken, refreshToken: s.refreshToken });
    return s;
  };
  return {
    config: () => http.request<PublicConfig>('GET', '/config', undefined, { auth: false }),
    /** A session for the first account of an empty server; otherwise "verification sent" (the link signs in). */
    signup: async (body: SignupRequest): Promise<SignupResponse> => {
      const res = await http.request<SignupResponse>('POST', '/auth/signup', { ...body, client }, { auth: false });
      return isSignupPending(res) ? res : keep(res);
    },
    /** A session, or for an account with MFA a challenge to answer with `mfa.verify`. */
    login: async (body: LoginRequest): Promise<SessionResponse | MfaChallenge> => {
      const res = await http.request<SessionResponse | MfaChallenge>('POST', '/auth/login', { ...body, client }, { auth: false });
      return isMfaChallenge(res) ? res : keep(res);
    },
    mfa: {
      verify: async (body: MfaVerifyRequest) => keep(await http.request<SessionResponse>('POST', '/auth/mfa/verify', { ...body, client }, { auth: false })),
      setup: () => http.request<MfaSetupResponse>('POST', '/auth/mfa/setup', {}),
      /** The account password as well as the first code: a session alone does not turn MFA on. */
      enable: (password: string, code: string) => http.request<MfaEnableResponse>('POST', '/auth/mfa/enable', { password, code }),
      disable: (password: string, code: string) => http.request<Message>('POST', '/auth/mfa/disable', { password, code }),
    },
    /** Restores a session from the refresh cookie/token (page reload, reopened task pane). */
    resume: async (): Promise<User | null> => ((await http.refresh()) ? http.request<User>('GET', '/me') : null),
    logout: async () => {
      const refreshToken = http.tokens.getRefreshToken();
      try {
        await http.request<void>('POST', '/auth/logout', refreshToken ? { refreshToken } : {}, { auth: false });
      } finally {
        await http.tokens.clear();
      }
    },
    forgot: (email: string) => http.request<Message>('POST', '/auth/forgot', { email }, { auth: false }),
    reset: (token: string, password: string) => http.request<Message>('POST', '/auth/reset', { token, password }, { auth: false }),
    /**
     * Confirms the address; the link also signs its account in (kept like a login), unless it has MFA. An
     * unconfirmed address's link needs the password chosen at the sign-up it was mailed for: without one it
     * fails with `password_required` (details `{ email }`), with another with `wrong_signup_password`.
     */
    verify: async (token: string, password?: string): Promise<VerifyResponse> => {
      const res = await http.request<VerifyResponse>('POST', '/auth/verify', { token, ...(password !== undefined ? { password } : {}), client }, { auth: false });
      if (res.accessToken) await http.tokens.save({ accessToken: res.accessToken, refreshToken: res.refreshToken });
      return res;
    },
    resendVerification: () => http.request<Message>('POST', '/auth/verify/resend', {}),
    me: () => http.request<User>('GET', '/me'),
    updateMe: async (body: UpdateMeRequest) => {
      // A password change returns a fresh session (refresh token in the body for add-ins, a cookie for the web).
      const res = await http.request<User & { accessToken?: string; refreshToken?: string }>('PATCH', '/me', body);
      if (res.accessToken) await http.tokens.save({ accessToken: res.accessToken, refreshToken: res.refreshToken });
      return res;
    },
  };
}
