import { Field, MessageBar, MessageBarBody, type InputOnChangeData } from '@fluentui/react-components';
import type { User } from '@intellio/api-client';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api';
import { useAuth } from '../auth/useAuth';
import { FormError } from '../forms/FormError';
import { PasswordInput } from '../forms/PasswordInput';
import { SubmitButton } from '../forms/SubmitButton';
import { useFormStyles } from '../forms/useFormStyles';
import { useFormSubmit } from '../forms/useFormSubmit';
import { compact, PASSWORD_MIN } from '../forms/validators';
import { useChecks } from '../i18n/useChecks';
import { SettingsCard } from './SettingsCard';

const FIELDS = ['currentPassword', 'newPassword'] as const;
type PasswordField = (typeof FIELDS)[number];

interface PasswordFormProps {
  user: User;
}

/** Changes the password (current one required); the server signs out every other session. */
export function PasswordForm({ user }: PasswordFormProps) {
  const styles = useFormStyles();
  const { updateUser } = useAuth();
  const { t } = useTranslation();
  const checks = useChecks();
  const [values, setValues] = useState<Record<PasswordField, string>>({ currentPassword: '', newPassword: '' });
  const [changed, setChanged] = useState(false);
  const form = useFormSubmit(FIELDS);

  function handleChange(event: { target: { name: string } }, data: InputOnChangeData) {
    const field = event.target.name as PasswordField;
    setValues((current) => ({ ...current, [field]: data.value }));
    setChanged(false);
    form.clearField(field);
  }

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setChanged(false);
    const errors = compact({
      currentPassword: values.currentPassword ? undefined : t('accountPage.password.currentRequired'),
      newPassword:
        checks.newPassword(values.newPassword, user.email) ??
        (values.newPassword === values.currentPassword ? t('accountPage.password.sameAsCurrent') : undefined),
    });
    if (!form.check(errors)) return;
    const done = await form.submit(async () => {
      updateUser(await api.auth.updateMe({ currentPassword: values.currentPassword, newPassword: values.newPassword }));
    });
    if (!done) return;
    setValues({ currentPassword: '', newPassword: '' });
    setChanged(true);
  }

  return (
    <SettingsCard id="settings-password" title={t('accountPage.password.title')} description={t('accountPage.password.description')}>
      {changed && (
        <MessageBar intent="success" data-testid="password-changed">
          <MessageBarBody>{t('accountPage.password.changed')}</MessageBarBody>
        </MessageBar>
      )}
      <FormError message={form.formError} />
      <form className={styles.form} onSubmit={handleSubmit} noValidate aria-label={t('accountPage.password.formLabel')}>
        {/* Lets password managers file the new password under the right account. */}
        <input type="text" name="username" autoComplete="username" value={user.email} readOnly hidden />
        <Field label={t('accountPage.password.current')} required validationMessage={form.fieldErrors.currentPassword}>
          <PasswordInput
            name="currentPassword"
            autoComplete="current-password"
            value={values.currentPassword}
            onChange={handleChange}
          />
        </Field>
        <Field
          label={t('accountPage.password.new')}
          required
          validationMessage={form.fieldErrors.newPassword}
          hint={form.fieldErrors.newPassword ? undefined : t('accountPage.password.hint', { min: PASSWORD_MIN })}
        >
          <PasswordInput name="newPassword" autoComplete="new-password" value={values.newPassword} onChange={handleChange} />
        </Field>
        <div className={styles.actions}>
          <SubmitButton submitting={form.submitting}>{t('accountPage.password.submit')}</SubmitButton>
        </div>
      </form>
    </SettingsCard>
  );
}
