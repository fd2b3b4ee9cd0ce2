import { Field, MessageBar, MessageBarActions, MessageBarBody, MessageBarTitle, type InputOnChangeData } from '@fluentui/react-components';
import { useState, type FormEvent } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { api } from '../api';
import type { RedirectState } from '../auth/redirect';
import { useAuth } from '../auth/useAuth';
import { PasswordInput } from '../forms/PasswordInput';
import { SubmitButton } from '../forms/SubmitButton';
import { useFormStyles } from '../forms/useFormStyles';
import { useFormSubmit } from '../forms/useFormSubmit';
import { compact, PASSWORD_MIN } from '../forms/validators';
import { useChecks } from '../i18n/useChecks';
import { AppLink } from '../layout/AppLink';
import { AuthLayout } from '../layout/AuthLayout';

const FIELDS = ['password'] as const;

/** Sets a new password from the emailed link, then sends the user to sign in with it. */
export function ResetPasswordPage() {
  const styles = useFormStyles();
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const navigate = useNavigate();
  const { forgetSession } = useAuth();
  const [password, setPassword] = useState('');
  const form = useFormSubmit(FIELDS);
  const { t } = useTranslation();
  const checks = useChecks();

  function handlePasswordChange(_: unknown, data: InputOnChangeData) {
    setPassword(data.value);
    form.clearField('password');
  }

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!form.check(compact({ password: checks.newPassword(password) }))) return;
    const done = await form.submit(async () => {
      await api.auth.reset(token, password);
    });
    if (!done) return;
    // The reset signed every session out on the server, including one in this browser.
    forgetSession();
    const state: RedirectState = { notice: t('reset.changedNotice') };
    navigate('/login', { replace: true, state });
  }

  if (!token) {
    return (
      <AuthLayout title={t('reset.title')}>
        <MessageBar intent="error">
          <MessageBarBody>
            <MessageBarTitle>{t('reset.incompleteTitle')}</MessageBarTitle>
            <Trans i18nKey="reset.incompleteBody" components={{ link: <AppLink to="/forgot-password">{null}</AppLink> }} />
          </MessageBarBody>
        </MessageBar>
      </AuthLayout>
    );
  }

  return (
    <AuthLayout
      title={t('reset.chooseTitle')}
      subtitle={t('reset.chooseSubtitle')}
      footer={<AppLink to="/login">{t('reset.backToSignIn')}</AppLink>}
    >
      {form.formError && (
        <MessageBar intent="error" data-testid="form-error">
          <MessageBarBody>{form.formError}</MessageBarBody>
          <MessageBarActions>
            <AppLink to="/forgot-password">{t('reset.requestNew')}</AppLink>
          </MessageBarActions>
        </MessageBar>
      )}
      <form className={styles.form} onSubmit={handleSubmit} noValidate aria-label={t('reset.formLabel')}>
        <Field
          label={t('reset.newPassword')}
          required
          validationMessage={form.fieldErrors.password}
          hint={form.fieldErrors.password ? undefined : t('reset.passwordHint', { min: PASSWORD_MIN })}
        >
          <PasswordInput name="password" autoComplete="new-password" value={password} onChange={handlePasswordChange} />
        </Field>
        <SubmitButton submitting={form.submitting} block>
          {t('reset.submit')}
        </SubmitButton>
      </form>
    </AuthLayout>
  );
}
