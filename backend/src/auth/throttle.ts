/**
 * Password-guessing throttle, shared by sign-in and PATCH /me (a wrong current password is the same oracle,
 * so both count against the same account). Two independent limits:
 * - per address + account: LOGIN_FAILURES_BEFORE_LOCK failures lock that pair for LOGIN_LOCK_MINUTES;
 * - per account, from any address: after the same number of failures every further failure imposes a delay
 *   that starts at one minute and doubles up to LOGIN_LOCK_MINUTES. Rotating addresses therefore buys an
 *   attacker nothing, while the real owner is never shut out for longer than the lock (about 100 guesses a
 *   day at most, NIST SP 800-63B 5.2.2).
 * Either limit refuses even the right password while it lasts.
 */
import type { Deps } from '../deps.js';
import { assertNotBlocked, clearFailures, recordFailure } from '../http/rate-limit.js';

const FIRST_DELAY_SECONDS = 60;

export interface Attempt {
  ip: string;
  /** The account's email, lower-cased (unknown emails are throttled the same way). */
  email: string;
}

const addressKey = (a: Attempt) => `${a.ip}|${a.email}`;

/** Throws 429 (with Retry-After) while either limit is in force. */
export async function assertAttemptAllowed(deps: Deps, attempt: Attempt): Promise<void> {
  await assertNotBlocked(deps.rateLimits.loginFailures, addressKey(attempt));
  await assertNotBlocked(deps.rateLimits.accountDelay, attempt.email);
}

/** Counts a wrong password and sets the account's next delay once the threshold is reached. */
export async function recordAttemptFailure(deps: Deps, attempt: Attempt): Promise<void> {
  const { rateLimits, config } = deps;
  await recordFailure(rateLimits.loginFailures, addressKey(attempt));
  const counted = await rateLimits.accountFailures.penalty(attempt.email, 1);
  const beyond = counted.consumedPoints - config.auth.loginFailuresBeforeLock;
  if (beyond < 0) return;
  const seconds = Math.min(config.auth.loginLockMinutes * 60, FIRST_DELAY_SECONDS * 2 ** Math.min(beyond, 20));
  await rateLimits.accountDelay.block(attempt.email, seconds);
}

/** The right password clears both counters for this account. */
export async function clearAttemptFailures(deps: Deps, attempt: Attempt): Promise<void> {
  await clearFailures(deps.rateLimits.loginFailures, addressKey(attempt));
  await clearFailures(deps.rateLimits.accountFailures, attempt.email);
}
