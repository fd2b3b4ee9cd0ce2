import { Button, makeStyles, MessageBar, MessageBarActions, MessageBarBody, MessageBarTitle } from '@fluentui/react-components';
import type { User } from '@intellio/api-client';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
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

type ResendState = { kind: 'idle' } | { kind: 'sending' } | { kind: 'sent' } | { kind: 'failed'; message: string | null };

/** Reminds an unconfirmed user to confirm the address, with a way to get a fresh link. */
export function VerifyEmailBanner({ user }: VerifyEmailBannerProps) {
  const styles = useStyles();
  const [resend, setResend] = useState<ResendState>({ kind: 'idle' });
  const { t } = useTranslation();

  async function handleResend() {
    setResend({ kind: 'sending' });
    try {
      await api.auth.resendVerification();
      setResend({ kind: 'sent' });
    } catch (error) {
      setResend({ kind: 'failed', message: describeError(error, []).message ?? null });
    }
  }

  if (user.emailVerified) return null;

  return (
    <MessageBar intent={resend.kind === 'failed' ? 'error' : 'warning'} data-testid="verify-banner">
      <MessageBarBody className={styles.body}>
        <MessageBarTitle>{t('verifyBanner.title')}</MessageBarTitle>
        {resend.kind === 'sent' && t('verifyBanner.sent', { email: user.email })}
        {resend.kind === 'failed' && (resend.message ?? t('verifyBanner.failed'))}
        {(resend.kind === 'idle' || resend.kind === 'sending') && t('verifyBanner.pending', { email: user.email })}
      </MessageBarBody>
      <MessageBarActions>
        <Button size="small" onClick={handleResend} disabled={resend.kind === 'sending' || resend.kind === 'sent'} data-testid="resend-verification">
          {resend.kind === 'sent' ? t('verifyBanner.linkSent') : t('verifyBanner.resend')}
        </Button>
      </MessageBarActions>
    </MessageBar>
  );
}
