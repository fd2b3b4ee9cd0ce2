/**
 * Checks run before a form is sent, mirroring the API's rules so people see problems without a round trip.
 * The API stays the authority: its messages are shown the same way. Messages come in the active language.
 */
import { getI18n } from 'react-i18next';

export const PASSWORD_MIN = 10;
export const PASSWORD_MAX = 128;

export function requireText(value: string, label: string): string | undefined {
  // `label` is the field's name in the active language, as its caller shows it.
  return value.trim() ? undefined : getI18n().t('formChecks.enterField', { label });
}

export function checkEmail(value: string): string | undefined {
  const email = value.trim();
  if (!email) return getI18n().t('validation.emailRequired');
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email) ? undefined : getI18n().t('validation.emailFormat');
}

export function checkNewPassword(value: string, email?: string): string | undefined {
  const { t } = getI18n();
  if (value.length < PASSWORD_MIN) return t('validation.passwordShort', { min: PASSWORD_MIN });
  if (value.length > PASSWORD_MAX) return t('validation.passwordLong', { max: PASSWORD_MAX });
  if (email && value.trim().toLowerCase() === email.trim().toLowerCase()) return t('validation.passwordIsEmail');
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
