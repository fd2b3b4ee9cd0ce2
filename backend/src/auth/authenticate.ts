/**
 * `authenticate()` = the access token's check (signature, expiry, issuer, audience) + a user check: the
 * account still exists, is enabled, its session version matches the token's, and the sign-in the token
 * belongs to (`sid`) has not been revoked. So a password reset, a disable, a logout or a refresh-token reuse
 * ends the session at once rather than after the access token's 15 minutes. With REQUIRE_ADMIN_MFA an admin
 * without MFA reaches only the MFA setup (403 `mfa_setup_required` elsewhere).
 */
import { createSecretKey } from 'node:crypto';
import jwt from 'jsonwebtoken';
import type { Knex } from 'knex';
import type { Context, Middleware, Next } from 'koa';
import type { Config } from '../config.js';
import { selectRows } from '../db/read-rows.js';
import { AppError, unauthorized } from '../http/errors.js';
import { bindLogUser } from '../http/request-context.js';
import { User } from '../users/model.js';
import { JWT_AUDIENCE, JWT_ISSUER } from './session.js';
import { isSessionLive } from './session-check.js';

/** With REQUIRE_ADMIN_MFA, all an admin without MFA may reach (sign-out needs no access token). */
const MFA_SETUP_PATHS = new Set(['/api/v1/me', '/api/v1/auth/mfa/setup', '/api/v1/auth/mfa/enable']);

const BEARER = /^Bearer$/i;

/** The token of `Authorization: Bearer <token>`; a header in any other shape is refused, as a missing one is. */
function bearerToken(ctx: Context): string {
  const parts = ctx.get('authorization').trim().split(' ');
  if (parts.length !== 2 || !BEARER.test(parts[0]) || !parts[1]) throw unauthorized('Your session is missing or has expired. Sign in again.');
  return parts[1];
}

/** The user row of an access token, as the model (every authenticated request reads it). */
async function readUser(knex: Knex, id: string): Promise<User | undefined> {
  const [row] = await selectRows(knex, 'select * from "users" where "id" = $1 limit 1', [id]);
  return row ? User.fromDatabaseJson(row) : undefined;
}

/** The middleware of every signed-in route: sets `ctx.state.jwt` and `ctx.state.user`, or answers 401/403. */
export function authenticate(config: Config): Middleware {
  // A KeyObject made once: given a string, jsonwebtoken first tries (and fails) to parse it as a PEM public
  // key on every request, which was a quarter of the CPU an authenticated read cost (bench/http.ts).
  const secret = createSecretKey(Buffer.from(config.auth.jwtSecret));
  const options: jwt.VerifyOptions & { complete?: false } = { algorithms: ['HS256'], issuer: JWT_ISSUER, audience: JWT_AUDIENCE };
  return async function authenticateMiddleware(ctx: Context, next: Next): Promise<void> {
    const token = bearerToken(ctx);
    let claims: NonNullable<Context['state']['jwt']>;
    try {
      claims = jwt.verify(token, secret, options) as typeof claims;
    } catch {
      throw unauthorized('Your session is missing or has expired. Sign in again.');
    }
    ctx.state.jwt = claims;
    // Tokens without `sid` predate session checks and could not be revoked, so they are refused (the client
    // refreshes and gets one that has it).
    const user = typeof claims.sub === 'string' && claims.sub ? await readUser(ctx.deps.knex, claims.sub) : undefined;
    if (!user || !claims.sid || user.sessionVersion !== claims.sv || !(await isSessionLive(ctx.deps.knex, claims.sid))) {
      throw unauthorized('Your session has ended. Sign in again.', 'session_revoked');
    }
    if (user.disabled) throw new AppError(403, 'account_disabled', 'This account is disabled. Contact your administrator.');
    if (ctx.deps.config.auth.requireAdminMfa && user.role === 'admin' && !user.mfaEnabledAt && !MFA_SETUP_PATHS.has(ctx.path)) {
      throw new AppError(403, 'mfa_setup_required', 'Administrators must turn on two-step sign-in before anything else.');
    }
    ctx.state.user = user;
    bindLogUser(ctx, user.id);
    await next();
  };
}

/** Only for admins; everyone else gets 403. */
export function requireAdmin(): Middleware {
  return async function requireAdminMiddleware(ctx: Context, next: Next): Promise<void> {
    if (ctx.state.user?.role !== 'admin') throw new AppError(403, 'forbidden', 'Administrators only.');
    await next();
  };
}
