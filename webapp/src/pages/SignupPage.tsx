import { Field, Input, type InputOnChangeData } from '@fluentui/react-components';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation } from 'react-router-dom';
import { readRedirectState } from '../auth/redirect';
import { useAuth } from '../auth/useAuth';
import { FormError } from '../forms/FormError';
import { PasswordInput } from '../forms/PasswordInput';
import { SubmitButton } from '../forms/SubmitButton';
import { useFormStyles } from '../forms/useFormStyles';
import { useFormSubmit } from '../forms/useFormSubmit';
import { compact, PASSWORD_MIN } from '../forms/validators';
import { useChecks } from '../i18n/useChecks';
import { AppLink } from '../layout/AppLink';
import { AuthLayout } from '../layout/AuthLayout';
import { useSetupRequired } from '../layout/useSetupRequired';
import { SignupCheckEmail } from './SignupCheckEmail';

const FIELDS = ['name', 'email', 'password'] as const;
type SignupField = (typeof FIELDS)[number];

/**
 * Account creation. The first account of a server is signed in straight away; any other is asked to open the
 * mailed link, which confirms the address and signs in (the server answers alike for taken addresses).
 */
export function SignupPage() {
  const styles = useFormStyles();
  const { signUp } = useAuth();
  const { from } = readRedirectState(useLocation().state);
  const [values, setValues] = useState<Record<SignupField, string>>({ name: '', email: '', password: '' });
  const [sentTo, setSentTo] = useState<string | null>(null);
  const form = useFormSubmit(FIELDS);
  const { t } = useTranslation();
  const checks = useChecks();
  // The first account of a server is its administrator: the page says so.
  const setupRequired = useSetupRequired();

  function handleChange(event: { target: { name: string } }, data: InputOnChangeData) {
    const field = event.target.name as SignupField;
    setValues((current) => ({ ...current, [field]: data.value }));
    form.clearField(field);
  }

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const errors = compact({
      name: checks.name(values.name),
      email: checks.email(values.email),
      password: checks.newPassword(values.password, values.email),
    });
    if (!form.check(errors)) return;
    await form.submit(async () => {
      const email = values.email.trim();
      const result = await signUp({ name: values.name.trim(), email, password: values.password });
      if ('verificationSent' in result) setSentTo(email);
    });
  }

  function handleUseAnother() {
    setValues((current) => ({ ...current, email: '' }));
    setSentTo(null);
  }

  if (sentTo) {
    return (
      <AuthLayout title={t('onboarding.checkEmailTitle')}>
        <SignupCheckEmail email={sentTo} onUseAnother={handleUseAnother} />
      </AuthLayout>
    );
  }

  return (
    <AuthLayout
      title={setupRequired ? t('onboarding.setupTitle') : t('signup.title')}
      subtitle={setupRequired ? t('onboarding.setupSubtitle') : t('signup.subtitle')}
      footer={
        // No account exists yet to sign in with.
        setupRequired ? undefined : (
          <>
            {t('signup.haveAccount')} <AppLink to="/login" state={{ from }}>{t('signup.signIn')}</AppLink>
          </>
        )
      }
    >
      <FormError message={form.formError} />
      <form className={styles.form} onSubmit={handleSubmit} noValidate aria-label={t('signup.formLabel')}>
        <Field label={t('signup.name')} required validationMessage={form.fieldErrors.name}>
          <Input name="name" autoComplete="name" value={values.name} onChange={handleChange} />
        </Field>
        <Field label={t('signup.email')} required validationMessage={form.fieldErrors.email}>
          <Input name="email" type="email" autoComplete="email" value={values.email} onChange={handleChange} />
        </Field>
        <Field
          label={t('signup.password')}
          required
          validationMessage={form.fieldErrors.password}
          hint={form.fieldErrors.password ? undefined : t('signup.passwordHint', { min: PASSWORD_MIN })}
        >
          <PasswordInput name="password" autoComplete="new-password" value={values.password} onChange={handleChange} />
        </Field>
        <SubmitButton submitting={form.submitting} block>
          {t('signup.submit')}
        </SubmitButton>
      </form>
    </AuthLayout>
  );
}
