import { Field, Input, MessageBar, MessageBarBody, MessageBarTitle, type InputOnChangeData } from '@fluentui/react-components';
import { useState, type FormEvent } from 'react';
import { useLocation } from 'react-router-dom';
import { api } from '../api';
import { FormError } from '../forms/FormError';
import { SubmitButton } from '../forms/SubmitButton';
import { useFormStyles } from '../forms/useFormStyles';
import { useFormSubmit } from '../forms/useFormSubmit';
import { checkEmail, compact } from '../forms/validators';
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

  function handleEmailChange(_: unknown, data: InputOnChangeData) {
    setEmail(data.value);
    form.clearField('email');
  }

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!form.check(compact({ email: checkEmail(email) }))) return;
    const address = email.trim();
    await form.submit(async () => {
      await api.auth.forgot(address);
      setSentTo(address);
    });
  }

  return (
    <AuthLayout
      title="Reset your password"
      subtitle="Enter the email you signed up with and we will send you a link to choose a new password."
      footer={
        <>
          Remembered it? <AppLink to="/login">Back to sign in</AppLink>
        </>
      }
    >
      {sentTo && (
        <MessageBar intent="success" data-testid="forgot-sent">
          <MessageBarBody>
            <MessageBarTitle>Check your inbox</MessageBarTitle>
            If an account exists for {sentTo}, a reset link is on its way. It works once, for 30 minutes.
          </MessageBarBody>
        </MessageBar>
      )}
      <FormError message={form.formError} />
      <form className={styles.form} onSubmit={handleSubmit} noValidate aria-label="Request a reset link">
        <Field label="Email" required validationMessage={form.fieldErrors.email}>
          <Input name="email" type="email" autoComplete="email" value={email} onChange={handleEmailChange} />
        </Field>
        <SubmitButton submitting={form.submitting} block>
          {sentTo ? 'Send another link' : 'Send reset link'}
        </SubmitButton>
      </form>
    </AuthLayout>
  );
}
