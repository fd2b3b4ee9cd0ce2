import { makeStyles, Skeleton, SkeletonItem, Tab, TabList, Text, tokens } from '@fluentui/react-components';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { usePageTitle } from '../layout/usePageTitle';
import { formatDateTime } from '../usage/format';
import { getStats } from './adminApi';
import { BackupsTab } from './BackupsTab';
import { OverviewTab } from './OverviewTab';
import { useAutoRefresh } from './useAutoRefresh';
import { UsersTab } from './UsersTab';

const useStyles = makeStyles({
  root: { maxWidth: '1200px', margin: '0 auto', display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL },
  head: { display: 'flex', alignItems: 'baseline', gap: tokens.spacingHorizontalM, flexWrap: 'wrap' },
  title: { margin: 0, flex: 1, fontSize: tokens.fontSizeBase600, fontWeight: tokens.fontWeightSemibold },
  muted: { color: tokens.colorNeutralForeground3 },
});

type AdminTab = 'overview' | 'users' | 'backups';

function Overview() {
  const load = useCallback(() => getStats(30), []);
  const { data, error } = useAutoRefresh(load);
  const { t } = useTranslation();
  if (error) return <Text>{t('admin.overview.loadFailed', { message: error.message })}</Text>;
  if (!data)
    return (
      <Skeleton aria-label={t('admin.overview.loading')}>
        <SkeletonItem size={128} />
      </Skeleton>
    );
  return (
    <>
      <Text size={200} data-testid="stats-updated">
        {t('admin.overview.updated', { date: formatDateTime(data.generatedAt) })}
      </Text>
      <OverviewTab stats={data} />
    </>
  );
}

/** /admin — the admin dashboard: overview statistics, users, backups. Admins only (the API enforces it too). */
export function AdminPage() {
  const styles = useStyles();
  const { t } = useTranslation();
  usePageTitle(t('admin.title'));
  const [params, setParams] = useSearchParams();
  const tab = (params.get('tab') as AdminTab | null) ?? 'overview';
  return (
    <div className={styles.root} data-testid="admin-page">
      <div className={styles.head}>
        <h1 className={styles.title}>{t('admin.title')}</h1>
      </div>
      <TabList selectedValue={tab} onTabSelect={(_, d) => setParams(d.value === 'overview' ? {} : { tab: String(d.value) })}>
        <Tab value="overview">{t('admin.tabs.overview')}</Tab>
        <Tab value="users" data-testid="tab-users">
          {t('admin.tabs.users')}
        </Tab>
        <Tab value="backups" data-testid="tab-backups">
          {t('admin.tabs.backups')}
        </Tab>
      </TabList>
      {tab === 'overview' && <Overview />}
      {tab === 'users' && <UsersTab />}
      {tab === 'backups' && <BackupsTab />}
    </div>
  );
}
