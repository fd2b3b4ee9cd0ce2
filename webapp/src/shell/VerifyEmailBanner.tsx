import { Button, makeStyles, MessageBar, MessageBarActions, MessageBarBody, MessageBarTitle } from '@fluentui/react-components';
import type { User } from '@intellio/api-client';
import { useState } from 'react';
import { api } from '../api';
import { describeError } from '../forms/apiErrors';

const useStyles = makeStyles({
  body: {
    // Long addresses have no spaces: let them break instead of pushing the page sideways on phones.
    overflowWrap: 'anywhere',
    minWidth: 0,
  },
});

interface VerifyEmailBannerProps {
  user: User;
}

type ResendState = { kind: 'idle' } | { kind: 'sending' } | { kind: 'sent' } | { kind: 'failed'; message: string };

/** Reminds an unconfirmed user to confirm the address, with a way to get a fresh link. */
export function VerifyEmailBanner({ user }: VerifyEmailBannerProps) {
  const styles = useStyles();
  const [resend, setResend] = useState<ResendState>({ kind: 'idle' });

  async function handleResend() {
    setResend({ kind: 'sending' });
    try {
      await api.auth.resendVerification();
      setResend({ kind: 'sent' });
    } catch (error) {
      setResend({ kind: 'failed', message: describeError(error, []).message ?? 'The link could not be sent.' });
    }
  }

  if (user.emailVerified) return null;

  return (
    <MessageBar intent={resend.kind === 'failed' ? 'error' : 'warning'} data-testid="verify-banner">
      <MessageBarBody className={styles.body}>
        <MessageBarTitle>Confirm your email address</MessageBarTitle>
        {resend.kind === 'sent' && `A new link is on its way to ${user.email}.`}
        {resend.kind === 'failed' && resend.message}
        {(resend.kind === 'idle' || resend.kind === 'sending') && `We sent a link to ${user.email}. Open it to confirm it is yours.`}
      </MessageBarBody>
      <MessageBarActions>
        <Button size="small" onClick={handleResend} disabled={resend.kind === 'sending' || resend.kind === 'sent'} data-testid="resend-verification">
          {resend.kind === 'sent' ? 'Link sent' : 'Resend link'}
        </Button>
      </MessageBarActions>
    </MessageBar>
  );
}
