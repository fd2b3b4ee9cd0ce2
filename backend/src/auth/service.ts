/**
 * Account lifecycle: sign-up, sign-in, password reset and email verification. Password hashing happens
 * outside transactions (it takes ~250 ms and would hold a connection; PGlite has only one).
 */
import bcrypt from 'bcrypt';
import type { Deps } from '../deps.js';
import { grantSignupTokens } from '../billing/service.js';
import { AppError, unauthorized } from '../http/errors.js';
import { tryConsume } from '../http/rate-limit.js';
import { hashToken, randomToken } from '../lib/tokens.js';
import { passwordChangedMail, passwordResetMail, signupExistingMail, verifyEmailMail } from '../mail/templates.js';
import { User } from '../users/model.js';
import { mfaChallenge, type MfaChallenge } from './mfa.js';
import { EmailVerification, PasswordReset } from './model.js';
import { passwordProblemKey, personalPasswordProblem } from './password-policy.js';
import type { LoginInput, ResetInput, SignupInput } from './schema.js';
import { issueSession, revokeAllSessions, type RequestMeta, type Session } from './session.js';
import { assertAttemptAllowed, clearAttemptFailures, recordAttemptFailure } from './throttle.js';

const RESET_TTL_MS = 30 * 60_000;
const VERIFY_TTL_MS = 48 * 3_600_000;
/** Compared against when the email is unknown, so both failures take the same time. */
const DUMMY_HASH = '$2b$12$AGWMv3qrHbMpZHzZzET0OeF0.HPMQsce/IENOCXt7aICUJVbsnFaC';
const FIRST_USER_LOCK = 72_017_001;

const invalidLink = () =>
  new AppError(400, 'invalid_token', 'This link is invalid or has expired. Request a new one.');

export async function hashPassword(deps: Deps, password: string): Promise<string> {
  return bcrypt.hash(password, deps.config.auth.bcryptCost);
}

function isUniqueViolation(err: unknown): boolean {
  return (err as { code?: string })?.code === '23505';
}

/**
 * The outcome of a sign-up. Only the first account of an empty server is signed in at once (issue 27: there
 * is no address to enumerate yet); every other well-formed sign-up ends in `verification_sent`, whether the
 * address was free or not (issue 26 L2), and the mailbox owner learns which by mail.
 */
export type SignupResult = { status: 'signed_in'; session: Session } | { status: 'verification_sent' };

/**
 * Creates an account; for an address whose account nobody has confirmed yet, replaces its password and name
 * and mails a new link (see isUnclaimed); for any other address that has one, only tells its owner. Every path
 * hashes the password and takes the same lock, so neither the answer nor its timing says which happened.
 */
export async function signup(deps: Deps, input: SignupInput, meta: RequestMeta): Promise<SignupResult> {
  const passwordHash = await hashPassword(deps, input.password);
  const verifyToken = randomToken();
  let outcome:
    | { kind: 'first'; session: Session }
    | { kind: 'created'; user: User }
    | { kind: 'replaced'; user: User }
    | { kind: 'existing'; owner: User };
  try {
    outcome = await deps.knex.transaction(async (trx) => {
      // Serialises sign-ups just long enough to make "the first account becomes admin" race-free.
      await trx.raw('SELECT pg_advisory_xact_lock(?)', [FIRST_USER_LOCK]);
      const owner = await User.query(trx).findOne({ email: input.email });
      if (owner && isUnclaimed(owner)) {
        // Nobody has proved this mailbox yet, so the password on the account may be anyone's: the newest
        // sign-up's replaces it, and only its link (mailed to the address) confirms. Otherwise a stranger who
        // signed up first would share the account its owner then confirms (pre-verification takeover).
        const user = await User.query(trx).patchAndFetchById(owner.id, { name: input.name, passwordHash, sessionVersion: owner.sessionVersion + 1 });
        await revokeAllSessions(trx, owner.id);
        await EmailVerification.query(trx).patch({ usedAt: new Date() }).where({ userId: owner.id }).whereNull('usedAt');
        await EmailVerification.query(trx).insert({ userId: owner.id, tokenHash: hashToken(verifyToken), expiresAt: new Date(Date.now() + VERIFY_TTL_MS) });
        return { kind: 'replaced' as const, user };
      }
      if (owner) return { kind: 'existing' as const, owner };
      const isFirst = (await User.query(trx).resultSize()) === 0;
      const user = await User.query(trx).insertAndFetch({
        email: input.email,
        name: input.name,
        passwordHash,
        role: isFirst ? 'admin' : 'user',
        // The administrator of an empty server has nobody to prove the address to, and signs in with its password
        // from then on (an unconfirmed address cannot: see login).
        emailVerifiedAt: isFirst ? new Date() : null,
      });
      await grantSignupTokens(deps.config, trx, user);
      if (isFirst) return { kind: 'first' as const, session: await issueSession(deps, trx, user, meta) };
      await EmailVerification.query(trx).insert({
        userId: user.id,
        tokenHash: hashToken(verifyToken),
        expiresAt: new Date(Date.now() + VERIFY_TTL_MS),
      });
      return { kind: 'created' as const, user };
    });
  } catch (err) {
    // The lock makes this unlikely; a concurrent insert that slipped past it still answers like any other.
    if (!isUniqueViolation(err)) throw err;
    const owner = await User.query().findOne({ email: input.email });
    if (!owner) throw err;
    outcome = { kind: 'existing', owner };
  }
  if (outcome.kind === 'existing') {
    noticeExistingAccount(deps, outcome.owner, meta);
    return { status: 'verification_sent' };
  }
  const user = outcome.kind === 'first' ? outcome.session.user : outcome.user;
  if (outcome.kind === 'created') mailVerifyLink(deps, user, verifyToken);
  if (outcome.kind === 'replaced') {
    // Repeatable, unlike a first sign-up: limited per address like the links a sign-in resends.
    deps.background.run('auth.signup_unconfirmed', async () => {
      if (await tryConsume(deps.rateLimits.resetMailsPerEmail, `verify:${user.email}`)) mailVerifyLink(deps, user, verifyToken);
    });
  }
  deps.activity.record({ userId: user.id, action: 'auth.signup', ip: meta.ip, userAgent: meta.userAgent, metadata: { client: meta.client, ...(outcome.kind === 'replaced' ? { replacedUnconfirmed: true } : {}) } });
  return outcome.kind === 'first' ? { status: 'signed_in', session: outcome.session } : { status: 'verification_sent' };
}

/**
 * An account whose address was never confirmed and that never signed in: what is on it was set by someone who
 * has not shown they own the mailbox, so a later sign-up may replace it. (An unconfirmed account that has
 * signed in predates mandatory confirmation and may hold its owner's work: it keeps the notice path.)
 */
function isUnclaimed(user: User): boolean {
  return !user.emailVerifiedAt && !user.lastLoginAt && !user.disabled;
}

function mailVerifyLink(deps: Deps, user: User, token: string): void {
  const link = `${deps.config.publicUrl}/verify-email?token=${token}`;
  deps.background.run('mail.verify', () => deps.mailer.send(verifyEmailMail(user.email, user.name, link, user.language)));
}

/**
 * "Someone tried to sign up with your address": the owner's answer to a sign-up for an address that has an
 * account. At most RESET_MAILS_PER_HOUR an hour per address (its own key in the per-address mail limit),
 * so sign-ups cannot flood a mailbox either.
 */
function noticeExistingAccount(deps: Deps, owner: User, meta: RequestMeta): void {
  deps.background.run('mail.signup_existing', async () => {
    const sent = !owner.disabled && (await tryConsume(deps.rateLimits.resetMailsPerEmail, `signup:${owner.email}`));
    deps.activity.record({ userId: owner.id, action: 'auth.signup_existing', ip: meta.ip, userAgent: meta.userAgent, metadata: { client: meta.client, mailed: sent } });
    if (!sent) return;
    const base = deps.config.publicUrl;
    await deps.mailer.send(signupExistingMail(owner.email, owner.name, `${base}/login`, `${base}/forgot-password`, owner.language));
  });
}

/**
 * The one answer to a sign-in that does not start a session: unknown email, wrong password, and an unconfirmed
 * address whatever the password (issue 26 L2). Its sentence serves the person who has just signed up as well.
 */
const INVALID_CREDENTIALS = 'Wrong email or password. If you have just signed up, open the link we emailed you first.';

/**
 * A session, or for an account with MFA the challenge the second step answers (auth/mfa.ts).
 *
 * An unconfirmed address never signs in with its password: otherwise whoever signs up with an address and then
 * signs in with the password they chose learns whether the address was free (issue 26 L2). It gets exactly the
 * wrong-password answer, counted on the same failure counters; only when the password is right does its mailbox
 * get a fresh confirmation link (which signs in), in the background and rate limited per address.
 */
export async function login(deps: Deps, input: LoginInput, meta: RequestMeta): Promise<Session | MfaChallenge> {
  const attempt = { ip: meta.ip, email: input.email };
  await assertAttemptAllowed(deps, attempt);
  const user = await User.query().findOne({ email: input.email });
  const matches = await bcrypt.compare(input.password, user?.passwordHash ?? DUMMY_HASH);
  const unconfirmed = Boolean(user && matches && !user.emailVerifiedAt);
  if (!user || !matches || unconfirmed) {
    await recordAttemptFailure(deps, attempt);
    deps.activity.record({ userId: user?.id ?? null, action: 'auth.login_failed', target: input.email, ip: meta.ip, userAgent: meta.userAgent, ...(unconfirmed ? { metadata: { reason: 'unverified' } } : {}) });
    if (user && unconfirmed) resendVerificationOnSignIn(deps, user);
    // One answer for a wrong password, an unknown email and an unconfirmed address: no account enumeration.
    throw unauthorized(INVALID_CREDENTIALS, 'invalid_credentials');
  }
  if (user.disabled) {
    deps.activity.record({ userId: user.id, action: 'auth.login_failed', target: input.email, ip: meta.ip, userAgent: meta.userAgent, metadata: { reason: 'disabled' } });
    throw new AppError(403, 'account_disabled', 'This account is disabled. Contact your administrator.');
  }
  await clearAttemptFailures(deps, attempt);
  if (user.mfaEnabledAt) {
    deps.activity.record({ userId: user.id, action: 'auth.mfa_challenge', ip: meta.ip, userAgent: meta.userAgent, metadata: { client: meta.client } });
    return mfaChallenge(deps, user);
  }
  const session = await deps.knex.transaction(async (trx) => {
    await User.query(trx).patch({ lastLoginAt: new Date() }).where({ id: user.id });
    return issueSession(deps, trx, user, meta);
  });
  deps.activity.record({ userId: user.id, action: 'auth.login', ip: meta.ip, userAgent: meta.userAgent, metadata: { client: meta.client } });
  return session;
}

/**
 * Always succeeds from the outside; the mail goes only to an existing, enabled account, and at most
 * RESET_MAILS_PER_HOUR times an hour to one address, whichever addresses the requests come from (the
 * per-IP limit alone let anyone flood a mailbox).
 */
export function requestPasswordReset(deps: Deps, email: string, meta: Omit<RequestMeta, 'client'>): void {
  deps.background.run('auth.forgot', async () => {
    const user = await User.query().findOne({ email });
    if (!user || user.disabled) return;
    if (!(await tryConsume(deps.rateLimits.resetMailsPerEmail, email))) {
      deps.activity.record({ userId: user.id, action: 'auth.password_reset_throttled', ip: meta.ip, userAgent: meta.userAgent });
      return;
    }
    const token = randomToken();
    await deps.knex.transaction(async (trx) => {
      // Only the newest link works: an older one sitting in a mailbox (or forwarded) must not outlive it.
      await PasswordReset.query(trx).patch({ usedAt: new Date() }).where({ userId: user.id }).whereNull('usedAt');
      await PasswordReset.query(trx).insert({ userId: user.id, tokenHash: hashToken(token), expiresAt: new Date(Date.now() + RESET_TTL_MS) });
    });
    const link = `${deps.config.publicUrl}/reset-password?token=${token}`;
    await deps.mailer.send(passwordResetMail(user.email, user.name, link, user.language));
    deps.activity.record({ userId: user.id, action: 'auth.password_reset_requested', ip: meta.ip, userAgent: meta.userAgent });
  });
}

/** Sets a new password from a single-use link and signs every session out. */
export async function resetPassword(deps: Deps, input: ResetInput, meta: Omit<RequestMeta, 'client'>): Promise<void> {
  const passwordHash = await hashPassword(deps, input.password);
  const user = await deps.knex.transaction(async (trx) => {
    const reset = await PasswordReset.query(trx).findOne({ tokenHash: hashToken(input.token) }).forUpdate();
    if (!reset || reset.usedAt || reset.expiresAt.getTime() <= Date.now()) return null;
    const found = await User.query(trx).findById(reset.userId);
    if (!found || found.disabled) return null;
    const personal = personalPasswordProblem(input.password, found);
    if (personal) throw new AppError(400, 'validation', `body.password: ${personal}`, [{ path: 'body.password', message: personal, i18n: passwordProblemKey(personal) }]);
    const now = new Date();
    await PasswordReset.query(trx).patch({ usedAt: now }).where({ userId: found.id }).whereNull('usedAt');
    // Confirmation links sign in too: none may outlive the password they were mailed under.
    await EmailVerification.query(trx).patch({ usedAt: now }).where({ userId: found.id }).whereNull('usedAt');
    // The link came to the mailbox, so it confirms the address too: the way back for the owner of an address
    // someone else signed up with (the sign-up notice points here).
    await User.query(trx)
      .patch({ passwordHash, sessionVersion: found.sessionVersion + 1, emailVerifiedAt: found.emailVerifiedAt ?? now })
      .where({ id: found.id });
    await revokeAllSessions(trx, found.id);
    return found;
  });
  if (!user) throw invalidLink();
  deps.background.run('mail.password_changed', () => deps.mailer.send(passwordChangedMail(user.email, user.name, user.language)));
  deps.activity.record({ userId: user.id, action: 'auth.password_reset', ip: meta.ip, userAgent: meta.userAgent });
}

/**
 * Confirms an address from its single-use link, and signs its account in: opening the link proves the same
 * mailbox a password reset would, and it is how a new account's first visit continues after sign-up. No
 * session for a disabled account, or for one with MFA, whose second step a mailed link must not skip, or for
 * one confirmed already (by a reset, say): a link is a sign-in only as the step that confirms.
 */
export async function verifyEmail(deps: Deps, token: string, meta: RequestMeta): Promise<{ user: User; session: Session | null }> {
  const result = await deps.knex.transaction(async (trx) => {
    const row = await EmailVerification.query(trx).findOne({ tokenHash: hashToken(token) }).forUpdate();
    if (row && (row.usedAt || row.expiresAt.getTime() <= Date.now())) {
      // A spent link of an address that is confirmed (opened twice, or a newer link was used): say so, not "invalid".
      const owner = await User.query(trx).findById(row.userId);
      if (owner?.emailVerifiedAt) throw new AppError(409, 'already_verified', 'This email address is already confirmed.');
    }
    if (!row || row.usedAt || row.expiresAt.getTime() <= Date.now()) return null;
    const now = new Date();
    await EmailVerification.query(trx).patch({ usedAt: now }).where({ userId: row.userId }).whereNull('usedAt');
    const found = await User.query(trx).findById(row.userId);
    if (!found) return null;
    if (found.emailVerifiedAt) return { user: found, session: null };
    const user = await User.query(trx).patchAndFetchById(row.userId, { emailVerifiedAt: now });
    if (user.disabled || user.mfaEnabledAt) return { user, session: null };
    await User.query(trx).patch({ lastLoginAt: now }).where({ id: user.id });
    return { user, session: await issueSession(deps, trx, user, meta) };
  });
  if (!result) throw invalidLink();
  const { user, session } = result;
  deps.activity.record({ userId: user.id, action: 'auth.email_verified', ip: meta.ip, userAgent: meta.userAgent, metadata: { client: meta.client, signedIn: Boolean(session) } });
  return result;
}

/**
 * The right password to an unconfirmed address: a new link, at most RESET_MAILS_PER_HOUR an hour per address
 * (its own key in the per-address mail limit), none for a disabled account. In the background, so the answer
 * takes no longer than a wrong password's.
 */
function resendVerificationOnSignIn(deps: Deps, user: User): void {
  deps.background.run('auth.login_unverified', async () => {
    if (user.disabled || !(await tryConsume(deps.rateLimits.resetMailsPerEmail, `verify:${user.email}`))) return;
    await resendVerification(deps, user);
  });
}

/** Sends a fresh verification link (older ones stop working). No-op for verified accounts. */
export async function resendVerification(deps: Deps, user: User): Promise<void> {
  if (user.emailVerifiedAt) return;
  const token = randomToken();
  await deps.knex.transaction(async (trx) => {
    await EmailVerification.query(trx).patch({ usedAt: new Date() }).where({ userId: user.id }).whereNull('usedAt');
    await EmailVerification.query(trx).insert({ userId: user.id, tokenHash: hashToken(token), expiresAt: new Date(Date.now() + VERIFY_TTL_MS) });
  });
  mailVerifyLink(deps, user, token);
}
