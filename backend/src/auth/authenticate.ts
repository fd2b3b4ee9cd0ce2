/**
 * `authenticate()` = koa-jwt (signature, expiry, issuer, audience) + a user check: the account still
 * exists, is enabled, its session version matches the token's, and the sign-in the token belongs to (`sid`)
 * has not been revoked. So a password reset, a disable, a logout or a refresh-token reuse ends the session at
 * once rather than after the access token's 15 minutes. With REQUIRE_ADMIN_MFA an admin without MFA reaches
 * only the MFA setup (403 `mfa_setup_required` elsewhere).
 */
import { createSecretKey } from 'node:crypto';
import type { Context, Middleware, Next } from 'koa';
import compose from 'koa-compose';
import koaJwt from 'koa-jwt';
import type { Config } from '../config.js';
import { AppError, unauthorized } from '../http/errors.js';
import { User } from '../users/model.js';
import { JWT_AUDIENCE, JWT_ISSUER } from './session.js';
import { isSessionLive } from './session-check.js';

export function authenticate(config: Config): Middleware {
  const verify = koaJwt({
    // A KeyObject made once: given a string, jsonwebtoken first tries (and fails) to parse it as a PEM public
    // key on every request, which was a quarter of the CPU an authenticated read cost (bench/http.ts).
    secret: createSecretKey(Buffer.from(config.auth.jwtSecret)) as unknown as string,
    algorithms: ['HS256'],
    issuer: JWT_ISSUER,
    audience: JWT_AUDIENCE,
    key: 'jwt',
  }) as unknown as Middleware;
  return compose([verify, loadUser]) as Middleware;
}

/** With REQUIRE_ADMIN_MFA, all an admin without MFA may reach (sign-out needs no access token). */
const MFA_SETUP_PATHS = new Set(['/api/v1/me', '/api/v1/auth/mfa/setup', '/api/v1/auth/mfa/enable']);

async function loadUser(ctx: Context, next: Next): Promise<void> {
  const claims = ctx.state.jwt;
  // A plain knex read made into the model: the same row, without objection's query builder on every request.
  const row = claims?.sub ? await ctx.deps.knex('users').where({ id: claims.sub }).first() : undefined;
  const user = row ? User.fromDatabaseJson(row) : undefined;
  // Tokens without `sid` predate session checks and could not be revoked, so they are refused (the client
  // refreshes and gets one that has it).
  if (!user || !claims?.sid || user.sessionVersion !== claims.sv || !(await isSessionLive(ctx.deps.knex, claims.sid))) {
    throw unauthorized('Your session has ended. Sign in again.', 'session_revoked');
  }
  if (user.disabled) throw new AppError(403, 'account_disabled', 'This account is disabled. Contact your administrator.');
  if (ctx.deps.config.auth.requireAdminMfa && user.role === 'admin' && !user.mfaEnabledAt && !MFA_SETUP_PATHS.has(ctx.path)) {
    throw new AppError(403, 'mfa_setup_required', 'Administrators must turn on two-step sign-in before anything else.');
  }
  ctx.state.user = user;
  ctx.state.log = ctx.state.log.child({ userId: user.id });
  await next();
}

/** Only for admins; everyone else gets 403. */
export function requireAdmin(): Middleware {
  return async function requireAdminMiddleware(ctx: Context, next: Next): Promise<void> {
    if (ctx.state.user?.role !== 'admin') throw new AppError(403, 'forbidden', 'Administrators only.');
    await next();
  };
}
