import type { User } from './model.js';

/** The user as the API shows it. Never the hash or the session version. */
export function presentUser(user: User) {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    tier: user.tier,
    emailVerified: Boolean(user.emailVerifiedAt),
    language: user.language ?? null,
    mfaEnabled: Boolean(user.mfaEnabledAt),
    createdAt: new Date(user.createdAt).toISOString(),
  };
}
