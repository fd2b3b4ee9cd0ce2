import { Field, Input, MessageBar, MessageBarBody, MessageBarTitle, type InputOnChangeData } from '@fluentui/react-components';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation } from 'react-router-dom';
import { api } from '../api';
import { FormError } from '../forms/FormError';
import { SubmitButton } from '../forms/SubmitButton';
import { useFormStyles } from '../forms/useFormStyles';
import { useFormSubmit } from '../forms/useFormSubmit';
import { compact } from '../forms/validators';
import { useChecks } from '../i18n/useChecks';
import { AppLink } from '../layout/AppLink';
import { AuthLayout } from '../layout/AuthLayout';

const FIELDS = ['email'] as const;

/** Asks for a reset link. The answer is the same whether or not the account exists (no enumeration). */
export function ForgotPasswordPage() {
  const styles = useFormStyles();
  const prefill = (useLocation().state as { email?: unknown } | null)?.email;
  const [email, setEmail] = useState(typeof prefill === 'string' ? prefill : '');
  const [sentTo, setSentTo] = useState<string | null>(null);
  const form = useFormSubmit(FIELDS);
  const { t } = useTranslation();
  const checks = useChecks();

  function handleEmailChange(_: unknown, data: InputOnChangeData) {
    setEmail(data.value);
    form.clearField('email');
  }

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!form.check(compact({ email: checks.email(email) }))) return;
    const address = email.trim();
    await form.submit(async () => {
      await api.auth.forgot(address);
      setSentTo(address);
    });
  }

  return (
    <AuthLayout
      title={t('forgot.title')}
      subtitle={t('forgot.subtitle')}
      footer={
        <>
          {t('forgot.remembered')} <AppLink to="/login">{t('forgot.backToSignIn')}</AppLink>
        </>
      }
    >
      {sentTo && (
        <MessageBar intent="success" data-testid="forgot-sent">
          <MessageBarBody>
            <MessageBarTitle>{t('forgot.sentTitle')}</MessageBarTitle>
            {t('forgot.sentBody', { email: sentTo })}
          </MessageBarBody>
        </MessageBar>
      )}
      <FormError message={form.formError} />
      <form className={styles.form} onSubmit={handleSubmit} noValidate aria-label={t('forgot.formLabel')}>
        <Field label={t('forgot.email')} required validationMessage={form.fieldErrors.email}>
          <Input name="email" type="email" autoComplete="email" value={email} onChange={handleEmailChange} />
        </Field>
        <SubmitButton submitting={form.submitting} block>
          {sentTo ? t('forgot.sendAgain') : t('forgot.send')}
        </SubmitButton>
      </form>
    </AuthLayout>
  );
}
