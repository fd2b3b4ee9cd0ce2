import { Link, makeStyles, Text, Title2, tokens as t } from '@fluentui/react-components';
import { createApiClient } from '@intellio/api-client';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: t.spacingVerticalM, padding: t.spacingHorizontalXL, maxWidth: '560px' },
});

/**
 * The pane opened outside Excel (a plain browser tab: office.js missing, or loaded with no host): what this
 * page is and how to open it where it works, with the server's Add-ins page one click away.
 */
export function OutsideOffice() {
  const styles = useStyles();
  const { t } = useTranslation();
  // Same origin as the backend that serves the pane; the configured PUBLIC_URL wins once it is known.
  const [addinsUrl, setAddinsUrl] = useState(`${window.location.origin}/addins`);

  useEffect(() => {
    createApiClient({ baseUrl: '', client: 'addin' })
      .auth.config()
      .then((c) => setAddinsUrl(`${c.publicUrl.replace(/\/+$/, '')}/addins`))
      .catch(() => undefined);
  }, []);

  return (
    <main className={styles.root} data-testid="outside-office">
      <Title2 as="h1">{t('pane.outside.title')}</Title2>
      <Text>{t('pane.outside.lead')}</Text>
      <Text>{t('pane.outside.howTo')}</Text>
      <Link href={addinsUrl} data-testid="addins-link">
        {t('pane.outside.link')}
      </Link>
    </main>
  );
}
