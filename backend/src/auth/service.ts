/**
 * Account lifecycle: sign-up, sign-in, password reset and email verification. Password hashing happens
 * outside transactions (it takes ~250 ms and would hold a connection; PGlite has only one).
 */
import bcrypt from 'bcrypt';
import type { Knex } from 'knex';
import { isUniqueViolation } from '../db/errors.js';
import type { Deps } from '../deps.js';
import { grantSignupTokens } from '../billing/service.js';
import { AppError, unauthorized } from '../http/errors.js';
import { tryConsume } from '../http/rate-limit.js';
import { hashToken, randomToken } from '../lib/tokens.js';
import { passwordChangedMail, passwordResetMail, signupAgainMail, signupExistingMail, verifyEmailMail } from '../mail/templates.js';
import { User } from '../users/model.js';
import { mfaChallenge, type MfaChallenge } from './mfa.js';
import { EmailVerification, PasswordReset } from './model.js';
import { passwordProblemKey, personalPasswordProblem } from './password-policy.js';
import type { LoginInput, ResetInput, SignupInput, VerifyInput } from './schema.js';
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

/**
 * The outcome of a sign-up. Only the first account of an empty server is signed in at once (issue 27: there
 * is no address to enumerate yet); every other well-formed sign-up ends in `verification_sent`, whether the
 * address was free or not (issue 26 L2), and the mailbox owner learns which by mail.
 */
export type SignupResult = { status: 'signed_in'; session: Session } | { status: 'verification_sent' };

/**
 * Creates an account; for an address whose account nobody has confirmed yet, mails a link of its own that
 * carries this sign-up's password and name (see isUnclaimed); for any other address that has one, only tells its
 * owner. Every path hashes the password and takes the same lock, so neither the answer nor its timing says
 * which happened.
 */
export async function signup(deps: Deps, input: SignupInput, meta: RequestMeta): Promise<SignupResult> {
  const passwordHash = await hashPassword(deps, input.password);
  const verifyToken = randomToken();
  // The link carries the credentials of the sign-up it is mailed for (never the mail): opening it with that
  // password is what puts them on the account (verifyEmail).
  const link = { tokenHash: hashToken(verifyToken), expiresAt: new Date(Date.now() + VERIFY_TTL_MS), passwordHash, name: input.name };
  let outcome:
    | { kind: 'first'; session: Session }
    | { kind: 'created'; user: User }
    | { kind: 'another'; user: User }
    | { kind: 'existing'; owner: User };
  try {
    outcome = await deps.knex.transaction(async (trx) => {
      // Serialises sign-ups just long enough to make "the first account becomes admin" race-free.
      await trx.raw('SELECT pg_advisory_xact_lock(?)', [FIRST_USER_LOCK]);
      const owner = await User.query(trx).findOne({ email: input.email });
      if (owner && isUnclaimed(owner)) {
        // Nobody has proved this mailbox yet, so this sign-up may be the owner's or a stranger's: it changes
        // nothing on the account and voids no link. Its password and name wait on its own link, and only that
        // link opened with that password sets them (pre-verification account takeover: a stranger's sign-up
        // reaches the account only through the owner's mailbox and the stranger's password together).
        await EmailVerification.query(trx).insert({ userId: owner.id, ...link });
        return { kind: 'another' as const, user: owner };
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
      await EmailVerification.query(trx).insert({ userId: user.id, ...link });
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
  if (outcome.kind === 'another') {
    // Repeatable, unlike a first sign-up: limited per address like the links a sign-in resends. Worded as
    // "someone signed up with this address", never greeting by the name this sign-up chose.
    const href = verifyHref(deps, verifyToken);
    deps.background.run('auth.signup_unconfirmed', async () => {
      if (await tryConsume(deps.rateLimits.resetMailsPerEmail, `verify:${user.email}`)) await deps.mailer.send(signupAgainMail(user.email, href, user.language));
    });
  }
  deps.activity.record({ userId: user.id, action: 'auth.signup', ip: meta.ip, userAgent: meta.userAgent, metadata: { client: meta.client, ...(outcome.kind === 'another' ? { anotherUnconfirmed: true } : {}) } });
  return outcome.kind === 'first' ? { status: 'signed_in', session: outcome.session } : { status: 'verification_sent' };
}

/**
 * An account whose address was never confirmed and that never signed in: what is on it was set by someone who
 * has not shown they own the mailbox, so a later sign-up gets a link of its own (which the earlier one's
 * password does not open). An unconfirmed account that has signed in predates mandatory confirmation and may
 * hold its owner's work: it keeps the notice path.
 */
function isUnclaimed(user: User): boolean {
  return !user.emailVerifiedAt && !user.lastLoginAt && !user.disabled;
}

function verifyHref(deps: Deps, token: string): string {
  return `${deps.config.publicUrl}/verify-email?token=${token}`;
}

function mailVerifyLink(deps: Deps, user: User, token: string): void {
  const link = verifyHref(deps, token);
  deps.background.run('mail.verify', () => deps.mailer.send(verifyEmailMail(user.email, user.name, link, user.language)));
}

/**
 * Spends every outstanding confirmation link of an account, and forgets the pending credentials of all its
 * links (spent, voided or expired): a link is used, a password is reset or changed.
 */
export async function voidConfirmationLinks(trx: Knex.Transaction, userId: string, now = new Date()): Promise<void> {
  await EmailVerification.query(trx).patch({ usedAt: now }).where({ userId }).whereNull('usedAt');
  await EmailVerification.query(trx).patch({ passwordHash: null, name: null }).where({ userId }).whereNotNull('passwordHash');
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
 * get a fresh confirmation link (which signs in, opened with that password), in the background and rate
 * limited per address.
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
    // Confirmation links sign in and may set a password: none outlives a reset.
    await voidConfirmationLinks(trx, found.id, now);
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

const alreadyVerified = () => new AppError(409, 'already_verified', 'This email address is already confirmed.');

const isLive = (row: EmailVerification) => !row.usedAt && row.expiresAt.getTime() > Date.now();

/**
 * Confirms an address from its single-use link, and signs its account in: the link proves the mailbox, and
 * the password proves the person is the one who made the sign-up the link was mailed for. Both are needed for an
 * unconfirmed address (pre-verification account takeover): a stranger who signs up with someone's address has
 * no link, and the owner, who gets the stranger's link too, does not know its password, so the account only ever
 * takes the credentials of a sign-up whose mailbox and password are one person's. The link then sets the
 * account's password and name from that sign-up (a link without credentials of its own confirms the account's:
 * from a sign-in, the banner, or before migration 034) and voids every other link.
 *
 * Without `password` an unconfirmed address's link answers `password_required` (with the address, for the page
 * and password managers) and stays unspent; a wrong one answers `wrong_signup_password`, counted on the sign-in
 * failure counters (`assertAttemptAllowed`), and stays unspent too. Links of an address confirmed already (by a
 * reset, say) need no password and change nothing: they confirm without a session, as does any link for an
 * account with MFA, whose second step a mailed link must not skip, or a disabled one.
 */
export async function verifyEmail(deps: Deps, input: VerifyInput, meta: RequestMeta): Promise<{ user: User; session: Session | null }> {
  const row = await EmailVerification.query().findOne({ tokenHash: hashToken(input.token) });
  const owner = row ? await User.query().findById(row.userId) : undefined;
  if (!row || !owner || !isLive(row)) {
    // A spent link of an address that is confirmed (opened twice, or another link was used): say so, not "invalid".
    if (owner?.emailVerifiedAt) throw alreadyVerified();
    throw invalidLink();
  }
  // Outside the transaction: bcrypt takes ~250 ms (PGlite has one connection).
  const checked = !owner.emailVerifiedAt && (await assertSignupPassword(deps, row, owner, input.password, meta));
  const result = await deps.knex.transaction(async (trx) => {
    const link = await EmailVerification.query(trx).findById(row.id).forUpdate();
    const found = await User.query(trx).findById(row.userId).forUpdate();
    if (!link || !found) return null;
    if (!isLive(link)) {
      if (found.emailVerifiedAt) throw alreadyVerified();
      return null;
    }
    // The password was checked against these credentials: a link without its own is refused if the account's
    // changed since (a change voids the links, so this is only the race).
    if (!found.emailVerifiedAt && (!checked || (!link.passwordHash && found.passwordHash !== owner.passwordHash))) return null;
    const now = new Date();
    await voidConfirmationLinks(trx, found.id, now);
    if (found.emailVerifiedAt) return { user: found, session: null };
    const newPassword = link.passwordHash !== null && link.passwordHash !== found.passwordHash;
    if (newPassword) {
      // Another sign-up's password replaces the first one's: what was issued under the old one ends, as on a reset.
      await PasswordReset.query(trx).patch({ usedAt: now }).where({ userId: found.id }).whereNull('usedAt');
      await revokeAllSessions(trx, found.id);
    }
    const user = await User.query(trx).patchAndFetchById(found.id, {
      ...(newPassword ? { passwordHash: link.passwordHash as string, sessionVersion: found.sessionVersion + 1 } : {}),
      ...(link.name !== null ? { name: link.name } : {}),
      emailVerifiedAt: now,
    });
    if (user.disabled || user.mfaEnabledAt) return { user, session: null };
    await User.query(trx).patch({ lastLoginAt: now }).where({ id: user.id });
    return { user, session: await issueSession(deps, trx, user, meta) };
  });
  if (!result) throw invalidLink();
  const { user, session } = result;
  deps.activity.record({ userId: user.id, action: 'auth.email_verified', ip: meta.ip, userAgent: meta.userAgent, metadata: { client: meta.client, signedIn: Boolean(session), ...(row.passwordHash ? { signupCredentials: true } : {}) } });
  return result;
}

/**
 * The password of the sign-up a link was mailed for (the account's own for a link without credentials),
 * throttled like sign-in on the same counters: the link is a 256-bit secret, so only its mailbox's owner can
 * guess at all, but a forwarded or leaked link must not make a guessing oracle.
 */
async function assertSignupPassword(deps: Deps, row: EmailVerification, user: User, password: string | undefined, meta: RequestMeta): Promise<true> {
  if (password === undefined) {
    throw new AppError(400, 'password_required', 'Enter the password you chose when you signed up to confirm this address.', { email: user.email });
  }
  const attempt = { ip: meta.ip, email: user.email };
  await assertAttemptAllowed(deps, attempt);
  if (!(await bcrypt.compare(password, row.passwordHash ?? user.passwordHash))) {
    await recordAttemptFailure(deps, attempt);
    deps.activity.record({ userId: user.id, action: 'auth.email_verify_failed', ip: meta.ip, userAgent: meta.userAgent, metadata: { client: meta.client, reason: 'wrong_password' } });
    throw new AppError(
      400,
      'wrong_signup_password',
      'That is not the password chosen at the sign-up this link was sent for. Enter the password you chose when you signed up, or choose a new one with "Forgot password".',
      [{ path: 'body.password', message: 'is not the password chosen at the sign-up this link was sent for', i18n: 'wrongSignupPassword' }],
    );
  }
  await clearAttemptFailures(deps, attempt);
  return true;
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

/**
 * Sends a fresh verification link for the account's own password and name. No-op for verified accounts.
 * Earlier links stay valid: each needs the password it was mailed for, so one more in the mailbox gives
 * nobody anything, and a stranger who knows the password of the account's first sign-up cannot void the
 * owner's own link by signing in (or up) again. Using any link, a reset or a password change voids them all.
 */
export async function resendVerification(deps: Deps, user: User): Promise<void> {
  if (user.emailVerifiedAt) return;
  const token = randomToken();
  await EmailVerification.query().insert({ userId: user.id, tokenHash: hashToken(token), expiresAt: new Date(Date.now() + VERIFY_TTL_MS) });
  mailVerifyLink(deps, user, token);
}
