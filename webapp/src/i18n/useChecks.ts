import { useTranslation } from 'react-i18next';
import { checkEmail, checkNewPassword, PASSWORD_MAX, PASSWORD_MIN } from '../forms/validators';

/**
 * The form checks of forms/validators in the active language. The rules stay there; this only picks the
 * message for the rule that failed.
 */
export function useChecks() {
  const { t } = useTranslation();
  return {
    name: (value: string) => (value.trim() ? undefined : t('validation.nameRequired')),
    password: (value: string) => (value ? undefined : t('validation.passwordRequired')),
    email(value: string) {
      if (!checkEmail(value)) return undefined;
      return value.trim() ? t('validation.emailFormat') : t('validation.emailRequired');
    },
    newPassword(value: string, email?: string) {
      if (!checkNewPassword(value, email)) return undefined;
      if (value.length < PASSWORD_MIN) return t('validation.passwordShort', { min: PASSWORD_MIN });
      if (value.length > PASSWORD_MAX) return t('validation.passwordLong', { max: PASSWORD_MAX });
      return t('validation.passwordIsEmail');
    },
  };
}
