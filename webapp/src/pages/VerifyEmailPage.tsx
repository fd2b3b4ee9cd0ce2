import { Button, MessageBar, MessageBarBody, MessageBarTitle, Spinner, makeStyles } from '@fluentui/react-components';
import { useEffect, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { useAuth } from '../auth/useAuth';
import { verifyEmailOnce } from '../auth/verifyEmailOnce';
import { describeError } from '../forms/apiErrors';
import { AuthLayout } from '../layout/AuthLayout';

const useStyles = makeStyles({
  continue: {
    alignSelf: 'flex-start',
  },
});

type VerifyState = { kind: 'verifying' } | { kind: 'verified'; email: string } | { kind: 'failed'; message: string };

/** Confirms the email address from the link as soon as the page opens, and says how it went. */
export function VerifyEmailPage() {
  const styles = useStyles();
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const navigate = useNavigate();
  const { status, updateUser } = useAuth();
  const [state, setState] = useState<VerifyState>(() =>
    token ? { kind: 'verifying' } : { kind: 'failed', message: 'This link is incomplete. Open the link from the email again.' },
  );

  useEffect(() => {
    // Wait for the session first, so the confirmed user replaces the one the session restores (not vice versa).
    if (!token || status === 'resolving') return;
    let active = true;
    verifyEmailOnce(token).then(
      (user) => {
        updateUser(user);
        if (active) setState({ kind: 'verified', email: user.email });
      },
      (error: unknown) => {
        if (active) setState({ kind: 'failed', message: describeError(error, []).message ?? 'This link did not work.' });
      },
    );
    return () => {
      active = false;
    };
  }, [token, status, updateUser]);

  function handleContinue() {
    navigate(status === 'signedIn' ? '/' : '/login', { replace: true });
  }

  const continueLabel = status === 'signedIn' ? 'Continue to Intellio' : 'Sign in';

  return (
    <AuthLayout title="Confirm your email">
      {state.kind === 'verifying' && <Spinner label="Confirming your email address…" labelPosition="after" />}
      {state.kind === 'verified' && (
        <MessageBar intent="success" data-testid="verify-result">
          <MessageBarBody>
            <MessageBarTitle>Email confirmed</MessageBarTitle>
            Thanks, {state.email} is confirmed.
          </MessageBarBody>
        </MessageBar>
      )}
      {state.kind === 'failed' && (
        <MessageBar intent="error" data-testid="verify-result">
          <MessageBarBody>
            <MessageBarTitle>We could not confirm your email</MessageBarTitle>
            {state.message}
            {status === 'signedIn' && ' You can send yourself a new link from the banner in the app.'}
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
