import { assertCurrentPassword } from '../auth/current-password.js';
import { PasswordReset } from '../auth/model.js';
import { passwordProblemKey, personalPasswordProblem } from '../auth/password-policy.js';
import { hashPassword, voidConfirmationLinks } from '../auth/service.js';
import { issueSession, revokeAllSessions, type RequestMeta, type Session } from '../auth/session.js';
import type { Deps } from '../deps.js';
import { AppError } from '../http/errors.js';
import { passwordChangedMail } from '../mail/templates.js';
import { User } from './model.js';
import type { UpdateMeInput } from './schema.js';

/**
 * Updates the profile. A password change needs the current password, signs out every other session, voids
 * outstanding reset and confirmation links, and returns a fresh session for this one.
 */
export async function updateMe(deps: Deps, user: User, input: UpdateMeInput, meta: RequestMeta): Promise<{ user: User; session?: Session }> {
  if (input.newPassword === undefined) {
    const updated = await User.query().patchAndFetchById(user.id, {
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.language !== undefined ? { language: input.language } : {}),
    });
    return { user: updated };
  }
  await assertCurrentPassword(deps, user, input.currentPassword ?? '', meta, 'body.currentPassword');
  const personal = personalPasswordProblem(input.newPassword, { email: user.email, name: input.name ?? user.name });
  if (personal) {
    throw new AppError(400, 'validation', `body.newPassword: ${personal}`, [{ path: 'body.newPassword', message: personal, i18n: passwordProblemKey(personal) }]);
  }
  const passwordHash = await hashPassword(deps, input.newPassword);
  const session = await deps.knex.transaction(async (trx) => {
    const updated = await User.query(trx).patchAndFetchById(user.id, {
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.language !== undefined ? { language: input.language } : {}),
      passwordHash,
      sessionVersion: user.sessionVersion + 1,
    });
    await revokeAllSessions(trx, user.id);
    // Mailed reset and confirmation links are credentials too (one sets a password, one signs in): they end here.
    const now = new Date();
    await PasswordReset.query(trx).patch({ usedAt: now }).where({ userId: user.id }).whereNull('usedAt');
    await voidConfirmationLinks(trx, user.id, now);
    return issueSession(deps, trx, updated, meta);
  });
  // Written to the account as it is now: a language (or name) changed in the same request is the one to use.
  const changed = session.user;
  deps.background.run('mail.password_changed', () => deps.mailer.send(passwordChangedMail(changed.email, changed.name, changed.language)));
  deps.activity.record({ userId: user.id, action: 'user.password_changed', ip: meta.ip, userAgent: meta.userAgent });
  return { user: session.user, session };
}
