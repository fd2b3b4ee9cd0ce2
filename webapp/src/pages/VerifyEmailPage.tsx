import { ApiError } from '@intellio/api-client';
import { Button, Link, MessageBar, MessageBarBody, MessageBarTitle, Spinner, makeStyles } from '@fluentui/react-components';
import { useEffect, useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { useAuth } from '../auth/useAuth';
import { describeError } from '../forms/apiErrors';
import { AuthLayout } from '../layout/AuthLayout';
import { usePublicConfig } from '../shell/usePublicConfig';

const useStyles = makeStyles({
  continue: {
    alignSelf: 'flex-start',
  },
});

/** A failure without a message from the server (no token, an unreadable error) says so in the active language. */
type VerifyState =
  | { kind: 'verifying' }
  | { kind: 'verified'; email: string }
  /** A reused link of an address that is confirmed: not a failure (issue 27). */
  | { kind: 'alreadyVerified' }
  | { kind: 'failed'; message: string | null; incomplete?: boolean };

/**
 * Confirms the email address from the link as soon as the page opens. The link signs its account in, so a
 * new user goes straight on to the app; otherwise (an account with MFA, a spent link) the page says how it went.
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
        else setState({ kind: 'failed', message: describeError(error, []).message ?? null });
      },
    );
    return () => {
      active = false;
    };
  }, [token, status, confirmEmail, navigate]);

  function handleContinue() {
    navigate(status === 'signedIn' ? '/' : '/login', { replace: true });
  }

  const continueLabel = status === 'signedIn' ? t('verify.continueApp') : t('verify.signIn');

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
