import bcrypt from 'bcrypt';
import type { Deps } from '../deps.js';
import { AppError } from '../http/errors.js';
import type { User } from '../users/model.js';
import type { RequestMeta } from './session.js';
import { assertAttemptAllowed, clearAttemptFailures, recordAttemptFailure } from './throttle.js';

/**
 * Checks the signed-in user's password before a sensitive change (new password, MFA off). A wrong one is a
 * password-guessing oracle for whoever holds the token, so it is throttled as sign-in, on the same counters.
 */
export async function assertCurrentPassword(deps: Deps, user: User, password: string, meta: RequestMeta, path = 'body.password'): Promise<void> {
  const attempt = { ip: meta.ip, email: user.email };
  await assertAttemptAllowed(deps, attempt);
  if (!(await bcrypt.compare(password, user.passwordHash))) {
    await recordAttemptFailure(deps, attempt);
    throw new AppError(400, 'wrong_password', 'The current password is incorrect.', [{ path, message: 'That is not your current password.' }]);
  }
  await clearAttemptFailures(deps, attempt);
}
