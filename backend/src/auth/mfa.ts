/**
 * Second factor: TOTP (RFC 6238, via `otpauth`) and ten single-use recovery codes.
 *
 * - A sign-in with the right password to an account with MFA gets an `mfaToken` instead of a session: a JWT
 *   with its own audience (so it is never accepted as an access token), bound to the user and the session
 *   version, valid for five minutes.
 * - Codes are accepted one step either side of now, and only for a later step than the last accepted one,
 *   so a code (or an older one) cannot be replayed within its window.
 * - Wrong codes are throttled per account and per address with the sign-in throttle, on counters of their
 *   own: a right password must not reset the count of wrong codes.
 */
import { randomUUID } from 'node:crypto';
import jwt from 'jsonwebtoken';
import type { Knex } from 'knex';
import { Secret, TOTP } from 'otpauth';
import type { Deps } from '../deps.js';
import { AppError, conflict, unauthorized } from '../http/errors.js';
import { hashToken } from '../lib/tokens.js';
import { mfaDisabledMail, mfaEnabledMail } from '../mail/templates.js';
import { User } from '../users/model.js';
import { assertCurrentPassword } from './current-password.js';
import { MfaRecoveryCode, RefreshToken } from './model.js';
import type { MfaDisableInput, MfaEnableInput, MfaVerifyInput } from './schema.js';
import { issueSession, revokeFamily, JWT_ISSUER, type RequestMeta, type Session } from './session.js';
import { assertAttemptAllowed, clearAttemptFailures, recordAttemptFailure, type Attempt } from './throttle.js';

const ISSUER = 'Intellio';
const MFA_AUDIENCE = 'intellio-mfa';
const MFA_TOKEN_TTL_SECONDS = 300;
const RECOVERY_CODES = 10;
/** 15 random bytes = 120 bits, above ASVS 6.5.2's 112 that lets a plain SHA-256 store them. */
const RECOVERY_CODE_BYTES = 15;

export interface MfaChallenge {
  mfaRequired: true;
  mfaToken: string;
}

const invalidCode = (status: 400 | 401) =>
  new AppError(status, 'invalid_code', 'That code is not right. Check the time on your phone and try the newest code.');
const expiredChallenge = () => unauthorized('Your sign-in took too long or is no longer valid. Sign in again.', 'invalid_mfa_token');

function totpFor(user: User, secret: string): TOTP {
  return new TOTP({ issuer: ISSUER, label: user.email, algorithm: 'SHA1', digits: 6, period: 30, secret: Secret.fromBase32(secret) });
}

/** The time step a code belongs to (now ±1), or null. */
function matchingStep(user: User, secret: string, code: string): number | null {
  const totp = totpFor(user, secret);
  const timestamp = Date.now();
  const delta = totp.validate({ token: code, timestamp, window: 1 });
  return delta === null ? null : totp.counter({ timestamp }) + delta;
}

/** Records the step as used; false when it (or a later one) was used already: a replay. */
async function consumeStep(db: Knex, userId: string, step: number): Promise<boolean> {
  const updated = await User.query(db)
    .patch({ mfaLastStep: step })
    .where({ id: userId })
    .where((q) => q.whereNull('mfaLastStep').orWhere('mfaLastStep', '<', step));
  return updated === 1;
}

const normaliseRecoveryCode = (code: string) => code.toLowerCase().replace(/[^a-z2-7]/g, '');

async function consumeRecoveryCode(db: Knex, userId: string, code: string): Promise<boolean> {
  const updated = await MfaRecoveryCode.query(db)
    .patch({ usedAt: new Date() })
    .where({ userId, codeHash: hashToken(normaliseRecoveryCode(code)) })
    .whereNull('usedAt');
  return updated === 1;
}

function newRecoveryCodes(): string[] {
  return Array.from({ length: RECOVERY_CODES }, () =>
    new Secret({ size: RECOVERY_CODE_BYTES }).base32.toLowerCase().match(/.{4}/g)!.join('-'),
  );
}

/** A TOTP code from the authenticator app or an unused recovery code; consumed when right. */
async function checkSecondFactor(deps: Deps, user: User, input: { code?: string; recoveryCode?: string }): Promise<'totp' | 'recovery' | null> {
  if (!user.mfaSecret) return null;
  if (input.code !== undefined) {
    const step = matchingStep(user, user.mfaSecret, input.code);
    return step !== null && (await consumeStep(deps.knex, user.id, step)) ? 'totp' : null;
  }
  if (input.recoveryCode !== undefined) return (await consumeRecoveryCode(deps.knex, user.id, input.recoveryCode)) ? 'recovery' : null;
  return null;
}

const mfaAttempt = (user: User, meta: Pick<RequestMeta, 'ip'>): Attempt => ({ ip: meta.ip, email: `mfa:${user.email}` });

/** Starts (or restarts) setup: a new secret that takes effect only once a code from it is confirmed. */
export async function startMfaSetup(deps: Deps, user: User): Promise<{ secret: string; otpauthUrl: string }> {
  if (user.mfaEnabledAt) throw conflict('mfa_already_enabled', 'Two-step sign-in is already on. Turn it off first to set up a new device.');
  const secret = new Secret({ size: 20 }).base32;
  await User.query(deps.knex).patch({ mfaPendingSecret: secret }).where({ id: user.id });
  return { secret, otpauthUrl: totpFor(user, secret).toString() };
}

/**
 * Turns MFA on with the password and the first code from the pending secret, and returns the recovery codes
 * (shown once, stored hashed). The password, as for turning it off: otherwise a stolen access token could
 * enrol the thief's authenticator and lock the owner out. Every other session of the account is signed out:
 * whoever else was signed in did not pass the second factor.
 */
export async function enableMfa(deps: Deps, user: User, input: MfaEnableInput, currentFamilyId: string, meta: RequestMeta): Promise<string[]> {
  if (user.mfaEnabledAt) throw conflict('mfa_already_enabled', 'Two-step sign-in is already on.');
  if (!user.mfaPendingSecret) throw new AppError(400, 'mfa_setup_missing', 'Start the setup first: scan the QR code, then enter a code.');
  await assertCurrentPassword(deps, user, input.password, meta);
  const attempt = mfaAttempt(user, meta);
  await assertAttemptAllowed(deps, attempt);
  const step = matchingStep(user, user.mfaPendingSecret, input.code);
  if (step === null) {
    await recordAttemptFailure(deps, attempt);
    throw invalidCode(400);
  }
  await clearAttemptFailures(deps, attempt);
  const codes = newRecoveryCodes();
  const pendingSecret = user.mfaPendingSecret;
  const otherFamilies = await deps.knex.transaction(async (trx) => {
    await User.query(trx)
      .patch({ mfaSecret: pendingSecret, mfaPendingSecret: null, mfaEnabledAt: new Date(), mfaLastStep: step })
      .where({ id: user.id });
    await MfaRecoveryCode.query(trx).delete().where({ userId: user.id });
    await MfaRecoveryCode.query(trx).insert(codes.map((c) => ({ userId: user.id, codeHash: hashToken(normaliseRecoveryCode(c)) })));
    return signOutOtherSessions(trx, user.id, currentFamilyId);
  });
  deps.background.run('mail.mfa_enabled', () => deps.mailer.send(mfaEnabledMail(user.email, user.name, user.language)));
  deps.activity.record({ userId: user.id, action: 'auth.mfa_enabled', ip: meta.ip, userAgent: meta.userAgent, metadata: { signedOut: otherFamilies } });
  return codes;
}

async function signOutOtherSessions(trx: Knex.Transaction, userId: string, keepFamilyId: string): Promise<number> {
  const rows = await RefreshToken.query(trx).distinct('familyId').where({ userId }).whereNot({ familyId: keepFamilyId }).whereNull('revokedAt');
  for (const { familyId } of rows) await revokeFamily(trx, familyId);
  return rows.length;
}

/**
 * Turns MFA off. Needs the password (throttled like PATCH /me, on the sign-in counters) and a current code or
 * an unused recovery code (throttled on the MFA counters).
 */
export async function disableMfa(
  deps: Deps,
  user: User,
  input: MfaDisableInput,
  meta: RequestMeta,
): Promise<User> {
  if (!user.mfaEnabledAt) throw conflict('mfa_not_enabled', 'Two-step sign-in is not on.');
  await assertCurrentPassword(deps, user, input.password, meta);
  const attempt = mfaAttempt(user, meta);
  await assertAttemptAllowed(deps, attempt);
  const isTotp = /^\d{6}$/.test(input.code);
  if (!(await checkSecondFactor(deps, user, isTotp ? { code: input.code } : { recoveryCode: input.code }))) {
    await recordAttemptFailure(deps, attempt);
    throw invalidCode(400);
  }
  await clearAttemptFailures(deps, attempt);
  const updated = await deps.knex.transaction(async (trx) => {
    await MfaRecoveryCode.query(trx).delete().where({ userId: user.id });
    return User.query(trx).patchAndFetchById(user.id, { mfaSecret: null, mfaPendingSecret: null, mfaEnabledAt: null, mfaLastStep: null });
  });
  deps.background.run('mail.mfa_disabled', () => deps.mailer.send(mfaDisabledMail(user.email, user.name, user.language)));
  deps.activity.record({ userId: user.id, action: 'auth.mfa_disabled', ip: meta.ip, userAgent: meta.userAgent });
  return updated;
}

/** What a right password to an account with MFA gets instead of a session. */
export function mfaChallenge(deps: Deps, user: User): MfaChallenge {
  const mfaToken = jwt.sign({ sv: user.sessionVersion }, deps.config.auth.jwtSecret, {
    algorithm: 'HS256',
    subject: user.id,
    audience: MFA_AUDIENCE,
    issuer: JWT_ISSUER,
    expiresIn: MFA_TOKEN_TTL_SECONDS,
    jwtid: randomUUID(),
  });
  return { mfaRequired: true, mfaToken };
}

async function userFromChallenge(deps: Deps, token: string): Promise<User> {
  let claims: jwt.JwtPayload;
  try {
    claims = jwt.verify(token, deps.config.auth.jwtSecret, { algorithms: ['HS256'], audience: MFA_AUDIENCE, issuer: JWT_ISSUER }) as jwt.JwtPayload;
  } catch {
    throw expiredChallenge();
  }
  const user = claims.sub ? await User.query(deps.knex).findById(claims.sub) : undefined;
  // A password reset or a disable since the first step ends the challenge; so does turning MFA off.
  if (!user || user.sessionVersion !== claims.sv || !user.mfaEnabledAt) throw expiredChallenge();
  if (user.disabled) throw new AppError(403, 'account_disabled', 'This account is disabled. Contact your administrator.');
  return user;
}

/** The second step of sign-in: a code or a recovery code for the challenge → the session. */
export async function verifyMfa(deps: Deps, input: MfaVerifyInput, meta: RequestMeta): Promise<Session> {
  const user = await userFromChallenge(deps, input.mfaToken);
  const attempt = mfaAttempt(user, meta);
  await assertAttemptAllowed(deps, attempt);
  const method = await checkSecondFactor(deps, user, input);
  if (!method) {
    await recordAttemptFailure(deps, attempt);
    deps.activity.record({ userId: user.id, action: 'auth.mfa_failed', ip: meta.ip, userAgent: meta.userAgent, metadata: { recoveryCode: input.recoveryCode !== undefined } });
    throw invalidCode(401);
  }
  await clearAttemptFailures(deps, attempt);
  const session = await deps.knex.transaction(async (trx) => {
    const fresh = await User.query(trx).patchAndFetchById(user.id, { lastLoginAt: new Date() });
    return issueSession(deps, trx, fresh, meta);
  });
  const left = method === 'recovery' ? await MfaRecoveryCode.query(deps.knex).where({ userId: user.id }).whereNull('usedAt').resultSize() : undefined;
  deps.activity.record({ userId: user.id, action: 'auth.login', ip: meta.ip, userAgent: meta.userAgent, metadata: { client: meta.client, mfa: method, recoveryCodesLeft: left } });
  return session;
}
