import type { User } from '@intellio/api-client';

/** Copies just the profile fields, so tokens that ride along on some responses never end up in app state. */
export function userOnly(value: User): User {
  const { id, email, name, role, tier, emailVerified, language, mfaEnabled, createdAt } = value;
  return { id, email, name, role, tier, emailVerified, language, mfaEnabled, createdAt };
}
