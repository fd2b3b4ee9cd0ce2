import { makeStyles, Text, tokens, Tooltip } from '@fluentui/react-components';
import { CoinMultipleRegular } from '@fluentui/react-icons';
import { useTranslation } from 'react-i18next';
import { useHref, useLinkClickHandler } from 'react-router-dom';
import { formatNumber } from '../usage/format';
import { useLiveBalance } from './useLiveBalance';

const useStyles = makeStyles({
  root: {
    display: 'flex',
    alignItems: 'center',
    gap: tokens.spacingHorizontalXS,
    padding: `${tokens.spacingVerticalXXS} ${tokens.spacingHorizontalS}`,
    borderRadius: tokens.borderRadiusCircular,
    backgroundColor: tokens.colorNeutralBackground3,
    color: tokens.colorNeutralForeground1,
    textDecoration: 'none',
    whiteSpace: 'nowrap',
    ':hover': { backgroundColor: tokens.colorNeutralBackground3Hover },
  },
  unit: { '@media (max-width: 600px)': { display: 'none' } },
  low: { backgroundColor: tokens.colorPaletteRedBackground2, color: tokens.colorPaletteRedForeground2 },
});

/** The token balance in the header, live from the balance stream; opens the billing page. */
export function BalanceBadge() {
  const styles = useStyles();
  const balance = useLiveBalance();
  const { t } = useTranslation();
  const href = useHref('/billing');
  const handleClick = useLinkClickHandler<HTMLAnchorElement>('/billing');

  if (!balance) return null;
  const low = balance.available < 1000;
  return (
    <Tooltip
      content={t('billing.badge.tooltip', { balance: formatNumber(balance.balance), reserved: formatNumber(balance.reserved), tier: t(`tiers.${balance.tier}`) })}
      relationship="description"
    >
      <a href={href} onClick={handleClick} className={low ? `${styles.root} ${styles.low}` : styles.root} data-testid="token-balance" aria-label={t('billing.badge.label', { available: formatNumber(balance.available) })}>
        <CoinMultipleRegular aria-hidden="true" />
        <Text size={200} weight="semibold">
          {formatNumber(balance.available)}
        </Text>
        <Text size={200} className={styles.unit}>
          {t('billing.tokensUnit')}
        </Text>
      </a>
    </Tooltip>
  );
}
