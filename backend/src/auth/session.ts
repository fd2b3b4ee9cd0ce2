/**
 * Sessions: a short-lived access JWT plus a rotating refresh token. Refresh tokens are random, stored as
 * SHA-256, grouped in a family per sign-in; presenting an already rotated token revokes the whole family.
 */
import { randomUUID } from 'node:crypto';
import jwt from 'jsonwebtoken';
import type { Knex } from 'knex';
import type { Deps } from '../deps.js';
import { unauthorized } from '../http/errors.js';
import { hashToken, randomToken } from '../lib/tokens.js';
import { User } from '../users/model.js';
import { RefreshToken, type ClientKind } from './model.js';
import { forgetSession } from './session-check.js';

export const JWT_ISSUER = 'intellio';
export const JWT_AUDIENCE = 'intellio-api';

export interface RequestMeta {
  ip: string;
  userAgent: string | null;
  client: ClientKind;
}

export interface Session {
  user: User;
  accessToken: string;
  accessTokenExpiresAt: Date;
  refreshToken: string;
  refreshTokenExpiresAt: Date;
}

/** `sid` names the refresh-token family, so revoking the family ends this token too (auth/session-check.ts). */
export function signAccessToken(deps: Deps, user: User, familyId: string): { token: string; expiresAt: Date } {
  const ttl = deps.config.auth.accessTokenTtlSeconds;
  const token = jwt.sign({ sv: user.sessionVersion, sid: familyId, role: user.role }, deps.config.auth.jwtSecret, {
    algorithm: 'HS256',
    subject: user.id,
    expiresIn: ttl,
    issuer: JWT_ISSUER,
    audience: JWT_AUDIENCE,
  });
  return { token, expiresAt: new Date(Date.now() + ttl * 1000) };
}

/** Starts a session (new family) or continues one (rotation) inside the caller's transaction. */
export async function issueSession(
  deps: Deps,
  trx: Knex.Transaction,
  user: User,
  meta: RequestMeta,
  familyId: string = randomUUID(),
): Promise<Session & { refreshTokenId: string }> {
  const refreshToken = randomToken();
  const refreshTokenExpiresAt = new Date(Date.now() + deps.config.auth.refreshTokenTtlDays * 86_400_000);
  const row = await RefreshToken.query(trx).insert({
    userId: user.id,
    familyId,
    tokenHash: hashToken(refreshToken),
    client: meta.client,
    userAgent: meta.userAgent?.slice(0, 500) ?? null,
    ip: meta.ip,
    expiresAt: refreshTokenExpiresAt,
  });
  const access = signAccessToken(deps, user, familyId);
  return {
    user,
    accessToken: access.token,
    accessTokenExpiresAt: access.expiresAt,
    refreshToken,
    refreshTokenExpiresAt,
    refreshTokenId: row.id,
  };
}

const invalidRefresh = () => unauthorized('Your session has ended. Sign in again.', 'invalid_refresh_token');

/** Exchanges a refresh token for a new pair. Reuse of a rotated token revokes its family (then 401). */
export async function rotateSession(deps: Deps, presented: string, meta: RequestMeta): Promise<Session> {
  const now = new Date();
  const outcome = await deps.knex.transaction(async (trx) => {
    const row = await RefreshToken.query(trx).findOne({ tokenHash: hashToken(presented) }).forUpdate();
    if (!row) return { kind: 'invalid' as const };
    // The successor this token was rotated into, when that successor was never used since.
    let unusedSuccessor: RefreshToken | undefined;
    if (row.rotatedAt && !row.revokedAt && row.replacedBy) {
      const graceMs = deps.config.auth.refreshReuseGraceSeconds * 1000;
      const successor = await RefreshToken.query(trx).findById(row.replacedBy).forUpdate();
      if (successor && !successor.rotatedAt && !successor.revokedAt && now.getTime() - row.rotatedAt.getTime() <= graceMs) {
        unusedSuccessor = successor;
      }
    }
    if ((row.rotatedAt || row.revokedAt) && !unusedSuccessor) {
      // Revocation must commit even though the request fails, so the error is thrown after the transaction.
      await revokeFamily(trx, row.familyId);
      return { kind: 'reused' as const, userId: row.userId };
    }
    const user = await User.query(trx).findById(row.userId);
    if (!user || user.disabled || row.expiresAt.getTime() <= now.getTime()) {
      await revokeFamily(trx, row.familyId);
      return { kind: 'invalid' as const };
    }
    const session = await issueSession(deps, trx, user, { ...meta, client: row.client }, row.familyId);
    if (unusedSuccessor) {
      // A reload or closed tab dropped the response that carried the successor, so the client never had it:
      // hand out a new one and retire the unused successor (presenting it later revokes the family).
      await RefreshToken.query(trx).patch({ revokedAt: now }).where({ id: unusedSuccessor.id });
      await RefreshToken.query(trx).patch({ replacedBy: session.refreshTokenId }).where({ id: row.id });
    } else {
      await RefreshToken.query(trx).patch({ rotatedAt: now, replacedBy: session.refreshTokenId }).where({ id: row.id });
    }
    return { kind: 'ok' as const, session };
  });
  if (outcome.kind === 'reused') {
    deps.activity.record({ userId: outcome.userId, action: 'session.token_reuse', ip: meta.ip, userAgent: meta.userAgent });
    throw unauthorized('This sign-in link was already used; all sessions from it were signed out for safety.', 'token_reused');
  }
  if (outcome.kind === 'invalid') throw invalidRefresh();
  return outcome.session;
}

export async function revokeFamily(trx: Knex | Knex.Transaction, familyId: string): Promise<void> {
  await RefreshToken.query(trx).patch({ revokedAt: new Date() }).where({ familyId }).whereNull('revokedAt');
  forgetSession(familyId);
}

export async function revokeAllSessions(trx: Knex | Knex.Transaction, userId: string): Promise<void> {
  await RefreshToken.query(trx).patch({ revokedAt: new Date() }).where({ userId }).whereNull('revokedAt');
}

/** Ends the session the refresh token belongs to. Unknown tokens are ignored (logout is idempotent). */
export async function endSession(deps: Deps, presented: string): Promise<string | null> {
  return deps.knex.transaction(async (trx) => {
    const row = await RefreshToken.query(trx).findOne({ tokenHash: hashToken(presented) });
    if (!row) return null;
    await revokeFamily(trx, row.familyId);
    return row.userId;
  });
}
