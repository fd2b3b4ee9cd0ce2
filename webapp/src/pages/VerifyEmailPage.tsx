import { ApiError } from '@intellio/api-client';
import { Button, Field, Input, Link, MessageBar, MessageBarBody, MessageBarTitle, Spinner, Text, makeStyles, type InputOnChangeData } from '@fluentui/react-components';
import { useEffect, useState, type FormEvent } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { useAuth } from '../auth/useAuth';
import { describeError } from '../forms/apiErrors';
import { PasswordInput } from '../forms/PasswordInput';
import { SubmitButton } from '../forms/SubmitButton';
import { useFormStyles } from '../forms/useFormStyles';
import { useFormSubmit } from '../forms/useFormSubmit';
import { compact } from '../forms/validators';
import { useChecks } from '../i18n/useChecks';
import { AppLink } from '../layout/AppLink';
import { AuthLayout } from '../layout/AuthLayout';
import { usePublicConfig } from '../shell/usePublicConfig';

const FIELDS = ['password'] as const;

const useStyles = makeStyles({
  continue: {
    alignSelf: 'flex-start',
  },
});

/** A failure without a message from the server (no token, an unreadable error) says so in the active language. */
type VerifyState =
  | { kind: 'verifying' }
  /** An unconfirmed address: the link works with the password chosen at the sign-up it was mailed for. */
  | { kind: 'password'; email: string }
  | { kind: 'verified'; email: string }
  /** A reused link of an address that is confirmed: not a failure (issue 27). */
  | { kind: 'alreadyVerified' }
  | { kind: 'failed'; message: string | null; incomplete?: boolean };

/** The address a `password_required` answer names (for the read-only field password managers key on). */
function addressOf(error: ApiError): string {
  const details = error.details as { email?: unknown } | null;
  return typeof details?.email === 'string' ? details.email : '';
}

/**
 * Opens the link as soon as the page opens. For an address nobody has confirmed yet the server asks for the
 * password chosen at the sign-up the link was mailed for (a stranger may have signed up with the address too,
 * and the inbox holds their link as well: only its own password opens a link), so the page asks for it; the
 * link then confirms and signs in, and a new user goes straight on to the app. Otherwise (an account with
 * MFA, a spent link) the page says how it went.
 */
export function VerifyEmailPage() {
  const styles = useStyles();
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const navigate = useNavigate();
  const { status, confirmEmail } = useAuth();
  const { t } = useTranslation();
  const supportEmail = usePublicConfig()?.supportEmail;
  const [state, setState] = useState<VerifyState>(() =>
    token ? { kind: 'verifying' } : { kind: 'failed', message: null, incomplete: true },
  );
  const [password, setPassword] = useState('');
  const form = useFormSubmit(FIELDS);
  const formStyles = useFormStyles();
  const checks = useChecks();

  useEffect(() => {
    // Wait for the session first, so the confirmed user replaces the one the session restores (not vice versa).
    if (!token || status === 'resolving') return;
    let active = true;
    confirmEmail(token).then(
      ({ user, signedIn }) => {
        if (!active) return;
        if (signedIn) navigate('/', { replace: true });
        else setState({ kind: 'verified', email: user.email });
      },
      (error: unknown) => {
        if (!active) return;
        if (error instanceof ApiError && error.code === 'already_verified') setState({ kind: 'alreadyVerified' });
        else if (error instanceof ApiError && error.code === 'password_required') setState({ kind: 'password', email: addressOf(error) });
        else setState({ kind: 'failed', message: describeError(error, []).message ?? null });
      },
    );
    return () => {
      active = false;
    };
  }, [token, status, confirmEmail, navigate]);

  function handlePasswordChange(_: unknown, data: InputOnChangeData) {
    setPassword(data.value);
    form.clearField('password');
  }

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (state.kind !== 'password' || !form.check(compact({ password: checks.password(password) }))) return;
    const outcome: { next: VerifyState | 'signedIn' | null } = { next: null };
    await form.submit(async () => {
      try {
        const { user, signedIn } = await confirmEmail(token, password);
        outcome.next = signedIn ? 'signedIn' : { kind: 'verified', email: user.email };
      } catch (error) {
        // Another of the address's links was opened meanwhile: not a failure of this form.
        if (!(error instanceof ApiError && error.code === 'already_verified')) throw error;
        outcome.next = { kind: 'alreadyVerified' };
      }
    });
    if (outcome.next === 'signedIn') navigate('/', { replace: true });
    else if (outcome.next) setState(outcome.next);
  }

  function handleContinue() {
    navigate(status === 'signedIn' ? '/' : '/login', { replace: true });
  }

  const continueLabel = status === 'signedIn' ? t('verify.continueApp') : t('verify.signIn');

  if (state.kind === 'password') {
    return (
      <AuthLayout title={t('verify.title')} subtitle={t('verify.passwordSubtitle')} footer={<AppLink to="/forgot-password">{t('verify.forgot')}</AppLink>}>
        {form.formError && (
          <MessageBar intent="error" data-testid="form-error">
            <MessageBarBody>{form.formError}</MessageBarBody>
          </MessageBar>
        )}
        <form className={formStyles.form} onSubmit={handleSubmit} noValidate aria-label={t('verify.formLabel')} data-testid="verify-password">
          <Field label={t('verify.email')}>
            <Input name="email" type="email" autoComplete="username" value={state.email} readOnly />
          </Field>
          <Field label={t('verify.password')} required validationMessage={form.fieldErrors.password}>
            <PasswordInput name="password" autoComplete="current-password" value={password} onChange={handlePasswordChange} />
          </Field>
          <SubmitButton submitting={form.submitting} block>
            {t('verify.submit')}
          </SubmitButton>
        </form>
        <Text>{t('verify.notYou')}</Text>
      </AuthLayout>
    );
  }

  return (
    <AuthLayout title={t('verify.title')}>
      {state.kind === 'verifying' && <Spinner label={t('verify.confirming')} labelPosition="after" />}
      {state.kind === 'verified' && (
        <MessageBar intent="success" data-testid="verify-result">
          <MessageBarBody>
            <MessageBarTitle>{t('verify.confirmedTitle')}</MessageBarTitle>
            {t('verify.confirmedBody', { email: state.email })}
          </MessageBarBody>
        </MessageBar>
      )}
      {state.kind === 'alreadyVerified' && (
        <MessageBar intent="success" data-testid="verify-result">
          <MessageBarBody>
            <MessageBarTitle>{t('onboarding.alreadyVerifiedTitle')}</MessageBarTitle>
            {t('onboarding.alreadyVerifiedBody')}
          </MessageBarBody>
        </MessageBar>
      )}
      {state.kind === 'failed' && (
        <MessageBar intent="error" data-testid="verify-result">
          <MessageBarBody>
            <MessageBarTitle>{t('verify.failedTitle')}</MessageBarTitle>
            {state.message ?? (state.incomplete ? t('verify.incomplete') : t('verify.failedFallback'))}
            {status === 'signedIn' && ` ${t('verify.failedHint')}`}
            {supportEmail && (
              <>
                {' '}
                <Trans i18nKey="onboarding.support" values={{ email: supportEmail }} components={{ link: <Link href={`mailto:${supportEmail}`}>{null}</Link> }} />
              </>
            )}
          </MessageBarBody>
        </MessageBar>
      )}
      {state.kind !== 'verifying' && (
        <Button appearance="primary" className={styles.continue} onClick={handleContinue}>
          {continueLabel}
        </Button>
      )}
    </AuthLayout>
  );
}
