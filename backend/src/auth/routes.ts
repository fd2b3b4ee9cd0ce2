import Router from '@koa/router';
import type { Context } from 'koa';
import type { Config } from '../config.js';
import { rateLimit } from '../http/rate-limit.js';
import { validated } from '../http/validate.js';
import { presentUser } from '../users/presenter.js';
import { authenticate } from './authenticate.js';
import { addMfaRoutes } from './mfa-routes.js';
import type { ClientKind } from './model.js';
import { forgotSchema, loginSchema, refreshSchema, resetSchema, signupSchema, verifySchema } from './schema.js';
import { login, requestPasswordReset, resendVerification, resetPassword, signup, verifyEmail } from './service.js';
import { endSession, rotateSession, type RequestMeta, type Session } from './session.js';

export const REFRESH_COOKIE = 'intellio_rt';
const COOKIE_PATH = '/api/v1/auth';

function meta(ctx: Context, client: ClientKind = 'web'): RequestMeta {
  return { ip: ctx.ip, userAgent: ctx.get('user-agent') || null, client };
}

/**
 * Whether the refresh cookie is marked Secure. Behind a TLS-terminating proxy that is not trusted
 * (TRUST_PROXY_HOPS=0) the request looks like plain HTTP, so an https PUBLIC_URL decides as well; the cookies
 * library is told the connection is secure, which it otherwise refuses to believe.
 */
function secureCookie(ctx: Context): boolean {
  if (ctx.secure) return true;
  if (!ctx.deps.config.publicUrl.startsWith('https://')) return false;
  ctx.cookies.secure = true;
  return true;
}

/**
 * The session fields of a response. Web clients get the refresh token as an httpOnly cookie only; add-ins
 * get it in the body. Shared with PATCH /me, which rotates the session on a password change.
 */
export function sessionFields(ctx: Context, session: Session, client: ClientKind): Record<string, unknown> {
  const fields: Record<string, unknown> = {
    accessToken: session.accessToken,
    accessTokenExpiresAt: session.accessTokenExpiresAt.toISOString(),
    refreshTokenExpiresAt: session.refreshTokenExpiresAt.toISOString(),
  };
  if (client === 'addin') fields.refreshToken = session.refreshToken;
  else {
    ctx.cookies.set(REFRESH_COOKIE, session.refreshToken, {
      httpOnly: true,
      sameSite: 'strict',
      secure: secureCookie(ctx),
      path: COOKIE_PATH,
      expires: session.refreshTokenExpiresAt,
      overwrite: true,
    });
  }
  return fields;
}

function respondWithSession(ctx: Context, session: Session, client: ClientKind, status = 200): void {
  ctx.status = status;
  ctx.body = { data: { user: presentUser(session.user), ...sessionFields(ctx, session, client) } };
}

function clearCookie(ctx: Context): void {
  ctx.cookies.set(REFRESH_COOKIE, '', { httpOnly: true, sameSite: 'strict', secure: secureCookie(ctx), path: COOKIE_PATH, maxAge: 0, overwrite: true });
}

/** /api/v1/auth: rate limit → validation → service → presenter. */
export function authRoutes(config: Config): Router {
  const router = new Router({ prefix: '/auth' });
  const limited = rateLimit((l) => l.authPerIp);

  router.post('/signup', limited, validated({ body: signupSchema }, async (ctx, { body }) => {
    const result = await signup(ctx.deps, body, meta(ctx, body.client));
    if (result.status === 'signed_in') return respondWithSession(ctx, result.session, body.client, 201);
    // The same answer whether or not the address has an account (issue 26 L2): its owner learns which by mail.
    ctx.status = 202;
    ctx.body = { data: { status: result.status } };
  }));

  router.post('/login', limited, validated({ body: loginSchema }, async (ctx, { body }) => {
    const result = await login(ctx.deps, body, meta(ctx, body.client));
    // An account with MFA gets a challenge and no session: no cookie, no tokens (auth/mfa.ts).
    if ('mfaRequired' in result) ctx.body = { data: result };
    else respondWithSession(ctx, result, body.client);
  }));

  router.post('/refresh', limited, validated({ body: refreshSchema }, async (ctx, { body }) => {
    const fromBody = Boolean(body.refreshToken);
    const presented = body.refreshToken ?? ctx.cookies.get(REFRESH_COOKIE);
    // No session to resume is the normal state of a signed-out visit, not an error: the web app probes with
    // this call on every load, and a 401 there is a console error on every signed-out page.
    if (!presented) {
      ctx.body = { data: null };
      return;
    }
    try {
      const session = await rotateSession(ctx.deps, presented as string, meta(ctx));
      respondWithSession(ctx, session, fromBody ? 'addin' : 'web');
    } catch (err) {
      if (!fromBody) clearCookie(ctx);
      throw err;
    }
  }));

  router.post('/logout', limited, validated({ body: refreshSchema }, async (ctx, { body }) => {
    const presented = body.refreshToken ?? ctx.cookies.get(REFRESH_COOKIE);
    if (presented) {
      const userId = await endSession(ctx.deps, presented);
      if (userId) ctx.deps.activity.record({ userId, action: 'auth.logout', ip: ctx.ip, userAgent: ctx.get('user-agent') });
    }
    clearCookie(ctx);
    ctx.status = 204;
  }));

  router.post('/forgot', limited, validated({ body: forgotSchema }, async (ctx, { body }) => {
    requestPasswordReset(ctx.deps, body.email, meta(ctx));
    ctx.status = 202;
    ctx.body = { data: { message: 'If an account exists for that email, a reset link is on its way.' } };
  }));

  router.post('/reset', limited, validated({ body: resetSchema }, async (ctx, { body }) => {
    await resetPassword(ctx.deps, body, meta(ctx));
    clearCookie(ctx);
    ctx.body = { data: { message: 'Password changed. Sign in with your new password.' } };
  }));

  router.post('/verify', limited, validated({ body: verifySchema }, async (ctx, { body }) => {
    const { user, session } = await verifyEmail(ctx.deps, body, meta(ctx, body.client));
    if (session) respondWithSession(ctx, session, body.client);
    else ctx.body = { data: { user: presentUser(user) } };
  }));

  router.post('/verify/resend', limited, authenticate(config), async (ctx) => {
    await resendVerification(ctx.deps, ctx.state.user);
    ctx.status = 202;
    ctx.body = { data: { message: 'A new verification link is on its way.' } };
  });

  addMfaRoutes(router, authenticate(config), limited, meta, respondWithSession);

  return router;
}
