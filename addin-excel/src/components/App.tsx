import { Button, makeStyles, Spinner, Text, tokens as t } from '@fluentui/react-components';
import type { User } from '@intellio/api-client';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { createPaneClient } from '../api';
import type { AddinTokenStore } from '../host/storage';
import { BRAND, syncLanguage } from '../i18n';
import { PaneBalance } from './PaneBalance';
import { SignIn } from './SignIn';
import { Workspace } from './Workspace';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: t.spacingVerticalM, padding: t.spacingHorizontalM, minWidth: 0 },
  header: { display: 'flex', alignItems: 'center', justifyContent: 'space-between', gap: t.spacingHorizontalS },
  brand: { fontWeight: t.fontWeightSemibold, fontSize: t.fontSizeBase400 },
});

export interface AppProps {
  tokens: AddinTokenStore;
}

/** Restores the stored session, then shows sign-in or the workspace, in the user's language once known. */
export function App({ tokens }: AppProps) {
  const styles = useStyles();
  const { t } = useTranslation();
  const [user, setUser] = useState<User | null>(null);
  const [restoring, setRestoring] = useState(true);
  const client = useMemo(() => createPaneClient(tokens, () => setUser(null)), [tokens]);

  useEffect(() => {
    let live = true;
    const restore = tokens.getRefreshToken() ? client.auth.resume().catch(() => null) : Promise.resolve(null);
    void restore.then((u) => {
      if (!live) return;
      setUser(u);
      setRestoring(false);
    });
    return () => {
      live = false;
    };
  }, [client, tokens]);

  // The user's own setting wins over Office's language; signed out, Office's language again.
  useEffect(() => {
    void syncLanguage(user?.language ?? null);
  }, [user]);

  const handleSignOut = async () => {
    await client.auth.logout().catch(() => undefined);
    setUser(null);
  };

  return (
    <div className={styles.root}>
      <div className={styles.header}>
        <Text className={styles.brand}>{BRAND}</Text>
        {user && <PaneBalance client={client} />}
        {user && (
          <Button size="small" appearance="subtle" onClick={handleSignOut} data-testid="sign-out">
            {t('pane.signOut')}
          </Button>
        )}
      </div>
      {restoring ? <Spinner label={t('pane.opening')} /> : user ? <Workspace client={client} user={user} /> : <SignIn client={client} onSignedIn={setUser} />}
    </div>
  );
}
