/**
 * Checks run before a form is sent, mirroring the API's rules so people see problems without a round trip.
 * The API stays the authority: its messages are shown the same way.
 */

export const PASSWORD_MIN = 10;
export const PASSWORD_MAX = 128;

export function requireText(value: string, label: string): string | undefined {
  return value.trim() ? undefined : `Enter your ${label}.`;
}

export function checkEmail(value: string): string | undefined {
  const email = value.trim();
  if (!email) return 'Enter your email address.';
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email) ? undefined : 'Enter an email address like name@example.com.';
}

export function checkNewPassword(value: string, email?: string): string | undefined {
  if (value.length < PASSWORD_MIN) return `Use at least ${PASSWORD_MIN} characters.`;
  if (value.length > PASSWORD_MAX) return `Use at most ${PASSWORD_MAX} characters.`;
  if (email && value.trim().toLowerCase() === email.trim().toLowerCase()) return 'Do not use your email address as your password.';
  return undefined;
}

/** Drops the fields without a message, so `Object.keys(result).length === 0` means "valid". */
export function compact<F extends string>(errors: Record<F, string | undefined>): Partial<Record<F, string>> {
  const out: Partial<Record<F, string>> = {};
  for (const key of Object.keys(errors) as F[]) {
    const message = errors[key];
    if (message) out[key] = message;
  }
  return out;
}
