import { Badge, Button, Field, makeStyles, Select, Skeleton, SkeletonItem, Text, tokens } from '@fluentui/react-components';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router-dom';
import { useAuth } from '../auth/useAuth';
import { tokensText } from '../billing/format';
import { LedgerTable } from '../billing/LedgerTable';
import { ConfirmDialog } from '../forms/ConfirmDialog';
import { AppLink } from '../layout/AppLink';
import { Section } from '../layout/Section';
import { usePageTitle } from '../layout/usePageTitle';
import { useNotify } from '../notify/useNotify';
import { ActivityList } from '../usage/ActivityList';
import { AnalysesTable } from '../usage/AnalysesTable';
import { CallTrail } from '../usage/CallTrail';
import { formatDateTime, formatNumber } from '../usage/format';
import { StatTiles } from '../usage/StatTile';
import { TokensChart } from '../usage/TokensChart';
import { AdjustTokensDialog } from './AdjustTokensDialog';
import { getUserDetail, setUserDisabled, setUserTier, TIERS, type Tier } from './adminApi';
import { useAutoRefresh } from './useAutoRefresh';
import { useTierText } from './useTierText';

const useStyles = makeStyles({
  root: { maxWidth: '1100px', margin: '0 auto', display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL },
  head: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalM, flexWrap: 'wrap' },
  title: { margin: 0, flex: 1, fontSize: tokens.fontSizeBase600, fontWeight: tokens.fontWeightSemibold },
  muted: { color: tokens.colorNeutralForeground3 },
  wrap: { overflowX: 'auto', maxHeight: '360px', overflowY: 'auto' },
});

/** /admin/users/:id — one user's usage chart, ledger, analyses, per-call trail and activity, with disable/enable. */
export function UserDetailPage() {
  const styles = useStyles();
  const notify = useNotify();
  const { user: me } = useAuth();
  const { id = '' } = useParams();
  const load = useCallback(() => getUserDetail(id), [id]);
  const { data, error, reload } = useAutoRefresh(load);
  const [busy, setBusy] = useState(false);
  const [adjusting, setAdjusting] = useState(false);
  const [confirmingDisable, setConfirmingDisable] = useState(false);
  const { t } = useTranslation();
  const tierText = useTierText();
  usePageTitle(data ? t('admin.userTitle', { name: data.user.name }) : t('admin.title'));

  /** Enables at once; disabling asks first (it signs the person out everywhere). Throws so a dialog stays open. */
  async function setDisabled(disable: boolean) {
    if (!data) return;
    setBusy(true);
    try {
      await setUserDisabled(id, disable);
      notify('success', disable ? t('admin.user.disabledToast') : t('admin.user.enabledToast'), data.user.email);
      reload();
    } catch (err) {
      notify('error', t('admin.user.toggleFailed'), err instanceof Error ? err.message : String(err));
      throw err;
    } finally {
      setBusy(false);
    }
  }

  async function handleTier(tier: Tier) {
    if (!data || tier === data.user.tier) return;
    setBusy(true);
    try {
      await setUserTier(id, tier);
      notify('success', t('admin.user.tierChanged'), t('admin.user.tierChangedBody', { email: data.user.email, tier: tierText(tier) }));
      reload();
    } catch (err) {
      notify('error', t('admin.user.tierFailed'), err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  }

  if (error) return <Text>{t('admin.user.loadFailed', { message: error.message })}</Text>;
  if (!data)
    return (
      <Skeleton aria-label={t('admin.user.loading')}>
        <SkeletonItem size={128} />
      </Skeleton>
    );
  const { user, usage, ledger } = data;
  return (
    <div className={styles.root} data-testid="admin-user">
      <AppLink to="/admin?tab=users">{t('admin.user.allUsers')}</AppLink>
      <div className={styles.head}>
        <h1 className={styles.title}>
          {user.name} <Text className={styles.muted}>{user.email}</Text>
        </h1>
        <Badge appearance="tint" color={user.status === 'active' ? 'success' : 'danger'} data-testid="user-status">
          {t(`admin.status.${user.status}`)}
        </Badge>
        <Field label={t('admin.user.tier')} orientation="horizontal">
          <Select value={user.tier} disabled={busy} onChange={(_, d) => void handleTier(d.value as Tier)} data-testid="tier-select">
            {TIERS.map((tier) => (
              <option key={tier} value={tier}>
                {tierText(tier)}
              </option>
            ))}
          </Select>
        </Field>
        <Button onClick={() => setAdjusting(true)} data-testid="adjust-tokens">
          {t('admin.user.adjust')}
        </Button>
        {user.id !== me?.id && (
          <Button
            appearance={user.status === 'active' ? 'secondary' : 'primary'}
            disabled={busy}
            // The failure is already a toast; nothing else waits on enabling.
            onClick={() => (user.status === 'active' ? setConfirmingDisable(true) : void setDisabled(false).catch(() => undefined))}
            data-testid="toggle-disabled"
          >
            {user.status === 'active' ? t('admin.user.disable') : t('admin.user.enable')}
          </Button>
        )}
      </div>
      <ConfirmDialog
        open={confirmingDisable}
        title={t('admin.user.confirmDisable.title', { email: user.email })}
        body={t('admin.user.confirmDisable.body')}
        confirmLabel={t('admin.user.confirmDisable.confirm')}
        destructive
        onConfirm={() => setDisabled(true)}
        onOpenChange={setConfirmingDisable}
      />
      {adjusting && (
        <AdjustTokensDialog
          userId={id}
          email={user.email}
          onClose={() => setAdjusting(false)}
          onDone={(balance) => {
            setAdjusting(false);
            notify('success', t('admin.user.adjusted'), t('admin.user.adjustedBody', { email: user.email, tokens: tokensText(balance, t) }));
            reload();
          }}
        />
      )}
      <StatTiles
        stats={[
          { label: t('admin.user.stats.tier'), value: tierText(user.tier) },
          { label: t('admin.user.stats.balance'), value: formatNumber(user.balance) },
          { label: t('admin.user.stats.tokens30d'), value: formatNumber(user.tokens30d) },
          { label: t('admin.user.stats.analyses'), value: formatNumber(user.analyses) },
          { label: t('admin.user.stats.lastActive'), value: formatDateTime(user.lastActiveAt) },
        ]}
      />
      <Section title={t('admin.user.tokensPerDay')}>
        <TokensChart data={usage.series} testId="user-tokens-chart" />
      </Section>
      <Section title={t('admin.user.ledger')}>
        {ledger.length === 0 ? (
          <Text className={styles.muted}>{t('admin.user.ledgerEmpty')}</Text>
        ) : (
          <div className={styles.wrap}>
            <LedgerTable rows={ledger} />
          </div>
        )}
      </Section>
      <Section title={t('admin.user.analyses')}>
        <AnalysesTable analyses={usage.analyses} />
      </Section>
      <Section title={t('admin.user.trail')}>
        <CallTrail path={`/admin/users/${id}/trail`} />
      </Section>
      <Section title={t('admin.user.activity')}>
        <ActivityList items={usage.activity} />
      </Section>
    </div>
  );
}
