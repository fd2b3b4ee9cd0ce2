import { Button, Field, Input, Link, makeStyles, MessageBar, MessageBarBody, Text, tokens as t } from '@fluentui/react-components';
import type { MfaChallenge, User } from '@intellio/api-client';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage, type PaneClient } from '../api';

const useStyles = makeStyles({
  form: { display: 'flex', flexDirection: 'column', gap: t.spacingVerticalM },
  links: { display: 'flex', flexWrap: 'wrap', justifyContent: 'space-between', gap: t.spacingHorizontalS },
});

// TOTP codes are six digits; authenticator apps show them as "123 456", so spaces are dropped first.
const SIX_DIGITS = /^\d{6}$/;

export interface MfaStepProps {
  client: PaneClient;
  challenge: MfaChallenge;
  onSignedIn: (user: User) => void;
  onBack: () => void;
}

/**
 * The second sign-in step of an account with MFA: the authenticator's six-digit code, or one recovery code.
 * A wrong code keeps the form, with the server's reason above it.
 */
export function MfaStep({ client, challenge, onSignedIn, onBack }: MfaStepProps) {
  const styles = useStyles();
  const { t } = useTranslation();
  const [mode, setMode] = useState<'code' | 'recovery'>('code');
  const [value, setValue] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [formatError, setFormatError] = useState<string | null>(null);

  const handleSubmit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    const code = value.replace(/\s+/g, '');
    if (mode === 'code' && !SIX_DIGITS.test(code)) {
      setFormatError(t('pane.mfa.codeFormat'));
      return;
    }
    setFormatError(null);
    setBusy(true);
    try {
      const session = await client.auth.mfa.verify(mode === 'code' ? { mfaToken: challenge.mfaToken, code } : { mfaToken: challenge.mfaToken, recoveryCode: value.trim() });
      onSignedIn(session.user);
    } catch (err) {
      setError(errorMessage(err, t));
    } finally {
      setBusy(false);
    }
  };

  const handleMode = () => {
    setMode((m) => (m === 'code' ? 'recovery' : 'code'));
    setValue('');
    setError(null);
    setFormatError(null);
  };

  return (
    <form className={styles.form} onSubmit={handleSubmit} data-testid="mfa" data-mode={mode} noValidate>
      <Text>{mode === 'code' ? t('pane.mfa.intro') : t('pane.mfa.recoveryIntro')}</Text>
      {error && (
        <MessageBar intent="error" data-testid="mfa-error">
          <MessageBarBody>{error}</MessageBarBody>
        </MessageBar>
      )}
      <Field label={mode === 'code' ? t('pane.mfa.code') : t('pane.mfa.recoveryCode')} required validationMessage={formatError ?? undefined} validationState={formatError ? 'error' : 'none'}>
        {mode === 'code' ? (
          <Input name="code" value={value} onChange={(_, d) => setValue(d.value)} inputMode="numeric" autoComplete="one-time-code" maxLength={7} autoFocus />
        ) : (
          <Input name="recoveryCode" value={value} onChange={(_, d) => setValue(d.value)} autoComplete="off" spellCheck={false} autoFocus />
        )}
      </Field>
      <Button appearance="primary" type="submit" disabled={busy || !value.trim()}>
        {busy ? t('pane.mfa.submitting') : t('pane.mfa.submit')}
      </Button>
      <div className={styles.links}>
        <Link as="button" type="button" onClick={handleMode} data-testid="mfa-switch">
          {mode === 'code' ? t('pane.mfa.useRecovery') : t('pane.mfa.useCode')}
        </Link>
        <Link as="button" type="button" onClick={onBack}>
          {t('pane.mfa.back')}
        </Link>
      </div>
    </form>
  );
}
