import { Button, Field, Input, makeStyles, MessageBar, MessageBarBody, Text, tokens as t } from '@fluentui/react-components';
import { isMfaChallenge, type MfaChallenge, type User } from '@intellio/api-client';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage, type PaneClient } from '../api';
import { MfaStep } from './MfaStep';

const useStyles = makeStyles({
  form: { display: 'flex', flexDirection: 'column', gap: t.spacingVerticalM },
});

export interface SignInProps {
  client: PaneClient;
  onSignedIn: (user: User) => void;
}

/** Email + password sign-in with the same account as the web app, then the second step if the account has MFA. */
export function SignIn({ client, onSignedIn }: SignInProps) {
  const styles = useStyles();
  const { t } = useTranslation();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [challenge, setChallenge] = useState<MfaChallenge | null>(null);

  const handleSubmit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const res = await client.auth.login({ email, password });
      if (isMfaChallenge(res)) setChallenge(res);
      else onSignedIn(res.user);
    } catch (err) {
      setError(errorMessage(err, t));
    } finally {
      setBusy(false);
    }
  };

  const handleBack = () => {
    setChallenge(null);
    setPassword('');
  };

  if (challenge) return <MfaStep client={client} challenge={challenge} onSignedIn={onSignedIn} onBack={handleBack} />;

  return (
    <form className={styles.form} onSubmit={handleSubmit} data-testid="sign-in">
      <Text>{t('pane.signIn.intro')}</Text>
      {error && (
        <MessageBar intent="error" data-testid="sign-in-error">
          <MessageBarBody>{error}</MessageBarBody>
        </MessageBar>
      )}
      <Field label={t('pane.signIn.email')} required>
        <Input name="email" type="email" value={email} onChange={(_, d) => setEmail(d.value)} autoComplete="username" />
      </Field>
      <Field label={t('pane.signIn.password')} required>
        <Input name="password" type="password" value={password} onChange={(_, d) => setPassword(d.value)} autoComplete="current-password" />
      </Field>
      <Button appearance="primary" type="submit" disabled={busy || !email || !password}>
        {busy ? t('pane.signIn.submitting') : t('pane.signIn.submit')}
      </Button>
    </form>
  );
}
