import { Field, Input, type InputOnChangeData } from '@fluentui/react-components';
import { useState, type FormEvent } from 'react';
import { useLocation } from 'react-router-dom';
import { readRedirectState } from '../auth/redirect';
import { useAuth } from '../auth/useAuth';
import { FormError } from '../forms/FormError';
import { PasswordInput } from '../forms/PasswordInput';
import { SubmitButton } from '../forms/SubmitButton';
import { useFormStyles } from '../forms/useFormStyles';
import { useFormSubmit } from '../forms/useFormSubmit';
import { checkEmail, checkNewPassword, compact, PASSWORD_MIN, requireText } from '../forms/validators';
import { AppLink } from '../layout/AppLink';
import { AuthLayout } from '../layout/AuthLayout';

const FIELDS = ['name', 'email', 'password'] as const;
type SignupField = (typeof FIELDS)[number];

/** Account creation; the new user is signed in straight away and asked to confirm the email later. */
export function SignupPage() {
  const styles = useFormStyles();
  const { signUp } = useAuth();
  const { from } = readRedirectState(useLocation().state);
  const [values, setValues] = useState<Record<SignupField, string>>({ name: '', email: '', password: '' });
  const form = useFormSubmit(FIELDS);

  function handleChange(event: { target: { name: string } }, data: InputOnChangeData) {
    const field = event.target.name as SignupField;
    setValues((current) => ({ ...current, [field]: data.value }));
    form.clearField(field);
  }

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const errors = compact({
      name: requireText(values.name, 'name'),
      email: checkEmail(values.email),
      password: checkNewPassword(values.password, values.email),
    });
    if (!form.check(errors)) return;
    await form.submit(async () => {
      await signUp({ name: values.name.trim(), email: values.email.trim(), password: values.password });
    });
  }

  return (
    <AuthLayout
      title="Create your account"
      subtitle="Ask questions about your spreadsheet selections and get answers cited from your documents."
      footer={
        <>
          Already have an account? <AppLink to="/login" state={{ from }}>Sign in</AppLink>
        </>
      }
    >
      <FormError message={form.formError} />
      <form className={styles.form} onSubmit={handleSubmit} noValidate aria-label="Create account">
        <Field label="Name" required validationMessage={form.fieldErrors.name}>
          <Input name="name" autoComplete="name" value={values.name} onChange={handleChange} />
        </Field>
        <Field label="Work email" required validationMessage={form.fieldErrors.email}>
          <Input name="email" type="email" autoComplete="email" value={values.email} onChange={handleChange} />
        </Field>
        <Field
          label="Password"
          required
          validationMessage={form.fieldErrors.password}
          hint={form.fieldErrors.password ? undefined : `At least ${PASSWORD_MIN} characters. A short sentence works well.`}
        >
          <PasswordInput name="password" autoComplete="new-password" value={values.password} onChange={handleChange} />
        </Field>
        <SubmitButton submitting={form.submitting} block>
          Create account
        </SubmitButton>
      </form>
    </AuthLayout>
  );
}
