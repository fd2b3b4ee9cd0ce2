import { Field, MessageBar, MessageBarActions, MessageBarBody, MessageBarTitle, type InputOnChangeData } from '@fluentui/react-components';
import { useState, type FormEvent } from 'react';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { api } from '../api';
import type { RedirectState } from '../auth/redirect';
import { useAuth } from '../auth/useAuth';
import { PasswordInput } from '../forms/PasswordInput';
import { SubmitButton } from '../forms/SubmitButton';
import { useFormStyles } from '../forms/useFormStyles';
import { useFormSubmit } from '../forms/useFormSubmit';
import { checkNewPassword, compact, PASSWORD_MIN } from '../forms/validators';
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

  function handlePasswordChange(_: unknown, data: InputOnChangeData) {
    setPassword(data.value);
    form.clearField('password');
  }

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!form.check(compact({ password: checkNewPassword(password) }))) return;
    const done = await form.submit(async () => {
      await api.auth.reset(token, password);
    });
    if (!done) return;
    // The reset signed every session out on the server, including one in this browser.
    forgetSession();
    const state: RedirectState = { notice: 'Password changed. Sign in with your new password.' };
    navigate('/login', { replace: true, state });
  }

  if (!token) {
    return (
      <AuthLayout title="Reset your password">
        <MessageBar intent="error">
          <MessageBarBody>
            <MessageBarTitle>This link is incomplete</MessageBarTitle>
            Open the link from the email again, or <AppLink to="/forgot-password">request a new one</AppLink>.
          </MessageBarBody>
        </MessageBar>
      </AuthLayout>
    );
  }

  return (
    <AuthLayout
      title="Choose a new password"
      subtitle="Every device signed in to your account will be signed out."
      footer={<AppLink to="/login">Back to sign in</AppLink>}
    >
      {form.formError && (
        <MessageBar intent="error" data-testid="form-error">
          <MessageBarBody>{form.formError}</MessageBarBody>
          <MessageBarActions>
            <AppLink to="/forgot-password">Request a new link</AppLink>
          </MessageBarActions>
        </MessageBar>
      )}
      <form className={styles.form} onSubmit={handleSubmit} noValidate aria-label="Choose a new password">
        <Field
          label="New password"
          required
          validationMessage={form.fieldErrors.password}
          hint={form.fieldErrors.password ? undefined : `At least ${PASSWORD_MIN} characters.`}
        >
          <PasswordInput name="password" autoComplete="new-password" value={password} onChange={handlePasswordChange} />
        </Field>
        <SubmitButton submitting={form.submitting} block>
          Set new password
        </SubmitButton>
      </form>
    </AuthLayout>
  );
}
