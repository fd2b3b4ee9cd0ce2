import { Field, Input, MessageBar, MessageBarBody, type InputOnChangeData } from '@fluentui/react-components';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation } from 'react-router-dom';
import { MfaChallengeForm } from '../auth/MfaChallengeForm';
import { readRedirectState } from '../auth/redirect';
import { useAuth } from '../auth/useAuth';
import { FormError } from '../forms/FormError';
import { PasswordInput } from '../forms/PasswordInput';
import { SubmitButton } from '../forms/SubmitButton';
import { useFormStyles } from '../forms/useFormStyles';
import { useFormSubmit } from '../forms/useFormSubmit';
import { compact } from '../forms/validators';
import { useChecks } from '../i18n/useChecks';
import { AppLink } from '../layout/AppLink';
import { AuthLayout } from '../layout/AuthLayout';
import { useSetupRequired } from '../layout/useSetupRequired';

const FIELDS = ['email', 'password'] as const;

/** Sign-in. On success GuestOnly sends the user on to where they were heading. */
export function LoginPage() {
  const styles = useFormStyles();
  const { signIn } = useAuth();
  const { notice, from } = readRedirectState(useLocation().state);
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  /** Set when the password was right and the account asks for a second step. */
  const [mfaToken, setMfaToken] = useState<string | null>(null);
  const form = useFormSubmit(FIELDS);
  const { t } = useTranslation();
  const checks = useChecks();
  const setupRequired = useSetupRequired();

  function handleEmailChange(_: unknown, data: InputOnChangeData) {
    setEmail(data.value);
    form.clearField('email');
  }

  function handlePasswordChange(_: unknown, data: InputOnChangeData) {
    setPassword(data.value);
    form.clearField('password');
  }

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const valid = form.check(compact({ email: checks.email(email), password: checks.password(password) }));
    if (!valid) return;
    await form.submit(async () => {
      const result = await signIn({ email: email.trim(), password });
      if ('mfaToken' in result) setMfaToken(result.mfaToken);
    });
  }

  function handleRestart() {
    setMfaToken(null);
    setPassword('');
  }

  // A server without accounts greets its first visitor with account creation (that account is the admin).
  if (setupRequired && from !== undefined) return <Navigate to="/signup" replace state={{ from }} />;

  if (mfaToken) {
    return (
      <AuthLayout title={t('mfa.challenge.title')}>
        <MfaChallengeForm mfaToken={mfaToken} onRestart={handleRestart} />
      </AuthLayout>
    );
  }

  return (
    <AuthLayout
      title={t('login.title')}
      subtitle={from && from !== '/' ? t('login.subtitleContinue') : t('login.subtitleWelcome')}
      footer={
        <>
          {t('login.newHere')} <AppLink to="/signup" state={{ from }}>{t('login.createAccount')}</AppLink>
        </>
      }
    >
      {notice && !form.formError && (
        <MessageBar intent="success" data-testid="notice">
          <MessageBarBody>{notice}</MessageBarBody>
        </MessageBar>
      )}
      <FormError message={form.formError} />
      <form className={styles.form} onSubmit={handleSubmit} noValidate aria-label={t('login.formLabel')}>
        <Field label={t('login.email')} required validationMessage={form.fieldErrors.email}>
          <Input
            name="email"
            type="email"
            autoComplete="username"
            value={email}
            onChange={handleEmailChange}
          />
        </Field>
        <Field label={t('login.password')} required validationMessage={form.fieldErrors.password}>
          <PasswordInput
            name="password"
            autoComplete="current-password"
            value={password}
            onChange={handlePasswordChange}
          />
        </Field>
        <div className={styles.row}>
          <AppLink to="/forgot-password" state={{ email }}>
            {t('login.forgot')}
          </AppLink>
        </div>
        <SubmitButton submitting={form.submitting} block>
          {t('login.submit')}
        </SubmitButton>
      </form>
    </AuthLayout>
  );
}
