import { Button, Field, Input, makeStyles, MessageBar, MessageBarBody, Text, tokens as t } from '@fluentui/react-components';
import type { User } from '@intellio/api-client';
import { useState, type FormEvent } from 'react';
import { errorMessage, type PaneClient } from '../api';

const useStyles = makeStyles({
  form: { display: 'flex', flexDirection: 'column', gap: t.spacingVerticalM },
});

export interface SignInProps {
  client: PaneClient;
  onSignedIn: (user: User) => void;
}

/** Email + password sign-in with the same account as the web app. */
export function SignIn({ client, onSignedIn }: SignInProps) {
  const styles = useStyles();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const handleSubmit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const session = await client.auth.login({ email, password });
      onSignedIn(session.user);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className={styles.form} onSubmit={handleSubmit} data-testid="sign-in">
      <Text>Sign in with your Intellio account to analyse the cells you select.</Text>
      {error && (
        <MessageBar intent="error" data-testid="sign-in-error">
          <MessageBarBody>{error}</MessageBarBody>
        </MessageBar>
      )}
      <Field label="Email" required>
        <Input name="email" type="email" value={email} onChange={(_, d) => setEmail(d.value)} autoComplete="username" />
      </Field>
      <Field label="Password" required>
        <Input name="password" type="password" value={password} onChange={(_, d) => setPassword(d.value)} autoComplete="current-password" />
      </Field>
      <Button appearance="primary" type="submit" disabled={busy || !email || !password}>
        {busy ? 'Signing in…' : 'Sign in'}
      </Button>
    </form>
  );
}
