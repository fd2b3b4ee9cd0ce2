import { Badge, Button, Card, makeStyles, Text, tokens } from '@fluentui/react-components';
import type { Plan } from '@intellio/api-client';
import { formatMoney } from '../usage/format';
import { tokensText } from './format';

const useStyles = makeStyles({
  grid: { display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(220px, 1fr))', gap: tokens.spacingHorizontalM },
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
  return (
    <div className={styles.grid}>
      {plans.map((p) => (
        <Card key={p.id} className={p.current ? `${styles.card} ${styles.current}` : styles.card} data-testid={`plan-${p.id}`}>
          <div className={styles.head}>
            <Text className={styles.name}>{p.name}</Text>
            {p.current && (
              <Badge appearance="filled" color="brand">
                Current plan
              </Badge>
            )}
          </div>
          <Text className={styles.price}>
            {p.priceCents === 0 ? 'Free' : formatMoney(p.priceCents, p.currency)}
            {p.priceCents > 0 && <Text size={200}> / month</Text>}
          </Text>
          <ul className={styles.limits}>
            {/* Refills come with paid invoices; a free plan has none, so its allowance is the sign-up grant. */}
            <li>{tokensText(p.monthlyTokens)} {p.priceCents === 0 ? 'at sign-up' : 'every month'}</li>
            <li>{p.limits.documentsPerProject.toLocaleString()} documents per project</li>
            <li>{p.limits.maxCells.toLocaleString()} cells per analysis</li>
            <li>{p.limits.allowedModels.includes('*') ? 'Every model' : p.limits.allowedModels.join(', ')}</li>
          </ul>
          {!p.current && p.purchasable && (
            <Button appearance="primary" disabled={busy !== null} onClick={() => onChoose(p)}>
              {busy === p.id ? 'Opening checkout…' : `Switch to ${p.name}`}
            </Button>
          )}
          {!p.current && !p.purchasable && p.priceCents > 0 && (
            <Text size={200} className={styles.note}>
              Not sold online yet: ask your administrator to switch you.
            </Text>
          )}
        </Card>
      ))}
    </div>
  );
}
