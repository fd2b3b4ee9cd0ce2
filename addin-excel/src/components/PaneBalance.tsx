import { makeStyles, Text, tokens as t } from '@fluentui/react-components';
import type { Balance } from '@intellio/api-client';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PaneClient } from '../api';
import { formatNumber } from '../i18n';

const useStyles = makeStyles({
  root: { color: t.colorNeutralForeground2, whiteSpace: 'nowrap' },
  low: { color: t.colorPaletteRedForeground1 },
});

/** The token balance in the pane header, live from the server's balance stream. */
export function PaneBalance({ client }: { client: PaneClient }) {
  const styles = useStyles();
  const { t } = useTranslation();
  const [balance, setBalance] = useState<Balance | null>(null);
  useEffect(() => client.billing.watchBalance(setBalance), [client]);
  if (!balance) return null;
  return (
    <Text size={200} className={balance.available < 1000 ? `${styles.root} ${styles.low}` : styles.root} data-testid="pane-balance">
      {t('pane.balance', { amount: formatNumber(balance.available) })}
    </Text>
  );
}
