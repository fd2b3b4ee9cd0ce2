import { Badge, Button, Field, makeStyles, Select, Skeleton, SkeletonItem, Text, tokens } from '@fluentui/react-components';
import { useCallback, useState } from 'react';
import { useParams } from 'react-router-dom';
import { useAuth } from '../auth/useAuth';
import { LedgerTable } from '../billing/LedgerTable';
import { AppLink } from '../layout/AppLink';
import { Section } from '../layout/Section';
import { usePageTitle } from '../layout/usePageTitle';
import { useNotify } from '../notify/useNotify';
import { ActivityList } from '../usage/ActivityList';
import { AnalysesTable } from '../usage/AnalysesTable';
import { formatDateTime, formatNumber } from '../usage/format';
import { StatTiles } from '../usage/StatTile';
import { TokensChart } from '../usage/TokensChart';
import { AdjustTokensDialog } from './AdjustTokensDialog';
import { getUserDetail, setUserDisabled, setUserTier, TIERS, type Tier } from './adminApi';
import { useAutoRefresh } from './useAutoRefresh';

const useStyles = makeStyles({
  root: { maxWidth: '1100px', margin: '0 auto', display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL },
  head: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalM, flexWrap: 'wrap' },
  title: { margin: 0, flex: 1, fontSize: tokens.fontSizeBase600, fontWeight: tokens.fontWeightSemibold },
  muted: { color: tokens.colorNeutralForeground3 },
  wrap: { overflowX: 'auto', maxHeight: '360px', overflowY: 'auto' },
});

/** /admin/users/:id — one user's usage chart, ledger, activity and analyses, with disable/enable. */
export function UserDetailPage() {
  const styles = useStyles();
  const notify = useNotify();
  const { user: me } = useAuth();
  const { id = '' } = useParams();
  const load = useCallback(() => getUserDetail(id), [id]);
  const { data, error, reload } = useAutoRefresh(load);
  const [busy, setBusy] = useState(false);
  const [adjusting, setAdjusting] = useState(false);
  usePageTitle(data ? `Admin · ${data.user.name}` : 'Admin');

  async function handleToggle() {
    if (!data) return;
    const disable = data.user.status === 'active';
    if (disable && !window.confirm(`Disable ${data.user.email}? They are signed out everywhere and cannot use tokens.`)) return;
    setBusy(true);
    try {
      await setUserDisabled(id, disable);
      notify('success', disable ? 'User disabled' : 'User enabled', data.user.email);
      reload();
    } catch (err) {
      notify('error', 'Could not change the account', err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  }

  async function handleTier(tier: Tier) {
    if (!data || tier === data.user.tier) return;
    setBusy(true);
    try {
      await setUserTier(id, tier);
      notify('success', 'Tier changed', `${data.user.email} is now on ${tier}`);
      reload();
    } catch (err) {
      notify('error', 'Could not change the tier', err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  }

  if (error) return <Text>Could not load this user: {error.message}</Text>;
  if (!data)
    return (
      <Skeleton aria-label="Loading user">
        <SkeletonItem size={128} />
      </Skeleton>
    );
  const { user, usage, ledger } = data;
  return (
    <div className={styles.root} data-testid="admin-user">
      <AppLink to="/admin?tab=users">← All users</AppLink>
      <div className={styles.head}>
        <h1 className={styles.title}>
          {user.name} <Text className={styles.muted}>{user.email}</Text>
        </h1>
        <Badge appearance="tint" color={user.status === 'active' ? 'success' : 'danger'} data-testid="user-status">
          {user.status}
        </Badge>
        <Field label="Tier" orientation="horizontal">
          <Select value={user.tier} disabled={busy} onChange={(_, d) => void handleTier(d.value as Tier)} data-testid="tier-select">
            {TIERS.map((t) => (
              <option key={t} value={t}>
                {t}
              </option>
            ))}
          </Select>
        </Field>
        <Button onClick={() => setAdjusting(true)} data-testid="adjust-tokens">
          Adjust tokens
        </Button>
        {user.id !== me?.id && (
          <Button appearance={user.status === 'active' ? 'secondary' : 'primary'} disabled={busy} onClick={() => void handleToggle()} data-testid="toggle-disabled">
            {user.status === 'active' ? 'Disable' : 'Enable'}
          </Button>
        )}
      </div>
      {adjusting && (
        <AdjustTokensDialog
          userId={id}
          email={user.email}
          onClose={() => setAdjusting(false)}
          onDone={(balance) => {
            setAdjusting(false);
            notify('success', 'Tokens adjusted', `${user.email} now has ${formatNumber(balance)} tokens`);
            reload();
          }}
        />
      )}
      <StatTiles
        stats={[
          { label: 'Tier', value: user.tier },
          { label: 'Balance', value: formatNumber(user.balance) },
          { label: 'Tokens (30 days)', value: formatNumber(user.tokens30d) },
          { label: 'Analyses', value: formatNumber(user.analyses) },
          { label: 'Last active', value: formatDateTime(user.lastActiveAt) },
        ]}
      />
      <Section title="Tokens per day">
        <TokensChart data={usage.series} testId="user-tokens-chart" />
      </Section>
      <Section title="Ledger">
        {ledger.length === 0 ? (
          <Text className={styles.muted}>No ledger entries.</Text>
        ) : (
          <div className={styles.wrap}>
            <LedgerTable rows={ledger} />
          </div>
        )}
      </Section>
      <Section title="Analyses">
        <AnalysesTable analyses={usage.analyses} />
      </Section>
      <Section title="Activity">
        <ActivityList items={usage.activity} />
      </Section>
    </div>
  );
}
