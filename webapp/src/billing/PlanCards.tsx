import { Badge, Button, Card, makeStyles, Text, tokens } from '@fluentui/react-components';
import type { Plan } from '@intellio/api-client';
import { useTranslation } from 'react-i18next';
import { formatMoney } from '../usage/format';
import { listText } from '../templates/listText';
import { tokensText } from './format';

const useStyles = makeStyles({
  grid: { display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(min(220px, 100%), 1fr))', gap: tokens.spacingHorizontalM },
  card: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  current: { border: `${tokens.strokeWidthThick} solid ${tokens.colorBrandStroke1}` },
  head: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalS },
  name: { flex: 1, fontSize: tokens.fontSizeBase500, fontWeight: tokens.fontWeightSemibold },
  price: { fontSize: tokens.fontSizeBase600, fontWeight: tokens.fontWeightBold },
  limits: { margin: 0, paddingLeft: tokens.spacingHorizontalL, color: tokens.colorNeutralForeground2 },
  note: { color: tokens.colorNeutralForeground3 },
});

interface PlanCardsProps {
  plans: Plan[];
  busy: string | null;
  onChoose(plan: Plan): void;
}

/** Basic / Pro / Enterprise with allowance, limits and price; the current one marked, others upgradeable. */
export function PlanCards({ plans, busy, onChoose }: PlanCardsProps) {
  const styles = useStyles();
  const { t } = useTranslation();
  // The plan's name in the screen's language (the server's `name` is English).
  const planName = (p: Plan) => t(`tiers.${p.id}`);
  return (
    <div className={styles.grid}>
      {plans.map((p) => (
        <Card key={p.id} className={p.current ? `${styles.card} ${styles.current}` : styles.card} data-testid={`plan-${p.id}`}>
          <div className={styles.head}>
            <Text className={styles.name}>{planName(p)}</Text>
            {p.current && (
              <Badge appearance="filled" color="brand">
                {t('billing.plans.current')}
              </Badge>
            )}
          </div>
          <Text className={styles.price}>
            {p.priceCents === 0 ? t('billing.plans.free') : formatMoney(p.priceCents, p.currency)}
            {p.priceCents > 0 && <Text size={200}>{t('billing.plans.perMonth')}</Text>}
          </Text>
          <ul className={styles.limits}>
            {/* Refills come with paid invoices; a free plan has none, so its allowance is the sign-up grant. */}
            <li>{t(p.priceCents === 0 ? 'billing.plans.atSignup' : 'billing.plans.everyMonth', { tokens: tokensText(p.monthlyTokens, t) })}</li>
            <li>{t('billing.plans.documentsPerProject', { count: p.limits.documentsPerProject })}</li>
            <li>{t('billing.plans.cellsPerAnalysis', { count: p.limits.maxCells })}</li>
            <li>{p.limits.allowedModels.includes('*') ? t('billing.plans.everyModel') : listText(p.limits.allowedModels.map((m) => (m === 'local-analyst' ? t('billing.plans.localAnalyst') : m)))}</li>
          </ul>
          {!p.current && p.purchasable && (
            <Button appearance="primary" disabled={busy !== null} onClick={() => onChoose(p)}>
              {busy === p.id ? t('common.openingCheckout') : t('billing.plans.switchTo', { plan: planName(p) })}
            </Button>
          )}
          {!p.current && !p.purchasable && p.priceCents > 0 && (
            <Text size={200} className={styles.note}>
              {t('billing.plans.notSold')}
            </Text>
          )}
        </Card>
      ))}
    </div>
  );
}
