import { makeStyles, MessageBar, MessageBarBody, MessageBarTitle, Text, tokens } from '@fluentui/react-components';
import type { PublicConfig } from '@intellio/api-client';
import { Trans, useTranslation } from 'react-i18next';

const useStyles = makeStyles({
  note: { color: tokens.colorNeutralForeground3, overflowWrap: 'anywhere' },
  code: { fontFamily: tokens.fontFamilyMonospace, overflowWrap: 'anywhere' },
});

interface LinksAddressProps {
  publicUrl: string;
  source: PublicConfig['publicUrlSource'];
}

/**
 * Which address links in mail and citations are built from. Without PUBLIC_URL the server uses
 * http://localhost:PORT, which only works on the server's own machine: when this page is open at another
 * address, say so, since every emailed link would be broken for the people receiving it.
 */
export function LinksAddress({ publicUrl, source }: LinksAddressProps) {
  const styles = useStyles();
  const { t } = useTranslation();
  const here = window.location.origin;
  const code = { code: <code className={styles.code} /> };
  const elsewhere = source === 'default' && new URL(publicUrl).origin !== here;
  if (elsewhere) {
    return (
      <MessageBar intent="warning" layout="multiline" data-testid="addins-links-warning">
        <MessageBarBody>
          <MessageBarTitle>{t('addins.links.localhostTitle')}</MessageBarTitle>
          <Trans i18nKey="addins.links.localhost" values={{ url: publicUrl, here }} components={code} />
        </MessageBarBody>
      </MessageBar>
    );
  }
  return (
    <Text size={200} className={styles.note} data-testid="addins-links">
      <Trans i18nKey="addins.links.body" values={{ url: publicUrl }} components={code} />
    </Text>
  );
}
