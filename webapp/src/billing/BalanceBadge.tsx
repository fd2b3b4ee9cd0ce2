import { makeStyles, Text, tokens, Tooltip } from '@fluentui/react-components';
import { CoinMultipleRegular } from '@fluentui/react-icons';
import { useEffect, useState } from 'react';
import { api } from '../api';

const useStyles = makeStyles({
  root: {
    display: 'flex',
    alignItems: 'center',
    gap: tokens.spacingHorizontalXS,
    padding: `${tokens.spacingVerticalXXS} ${tokens.spacingHorizontalS}`,
    borderRadius: tokens.borderRadiusCircular,
    backgroundColor: tokens.colorNeutralBackground3,
    whiteSpace: 'nowrap',
  },
  unit: { '@media (max-width: 600px)': { display: 'none' } },
  low: { backgroundColor: tokens.colorPaletteRedBackground2, color: tokens.colorPaletteRedForeground2 },
});

interface Balance {
  balance: number;
  reserved: number;
  available: number;
  tier: string;
}

const REFRESH_MS = 60_000;

/** The token balance in the header, re-read after each analysis (a window event) and every minute. */
export function BalanceBadge() {
  const styles = useStyles();
  const [balance, setBalance] = useState<Balance | null>(null);

  useEffect(() => {
    let cancelled = false;
    const load = () =>
      api.http
        .request<Balance>('GET', '/billing/balance')
        .then((b) => !cancelled && setBalance(b))
        .catch(() => undefined);
    void load();
    const timer = setInterval(load, REFRESH_MS);
    window.addEventListener('intellio:balance-changed', load);
    return () => {
      cancelled = true;
      clearInterval(timer);
      window.removeEventListener('intellio:balance-changed', load);
    };
  }, []);

  if (!balance) return null;
  const low = balance.available < 1000;
  return (
    <Tooltip content={`${balance.balance.toLocaleString()} tokens, ${balance.reserved.toLocaleString()} held by running analyses · ${balance.tier} plan`} relationship="description">
      <span className={low ? `${styles.root} ${styles.low}` : styles.root} data-testid="token-balance" tabIndex={0}>
        <CoinMultipleRegular aria-hidden="true" />
        <Text size={200} weight="semibold">
          {balance.available.toLocaleString()}
        </Text>
        <Text size={200} className={styles.unit}>
          tokens
        </Text>
      </span>
    </Tooltip>
  );
}
