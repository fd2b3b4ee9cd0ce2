import { Badge, Button, makeStyles, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Text, tokens } from '@fluentui/react-components';
import { ArrowSyncRegular } from '@fluentui/react-icons';
import { en } from '@intellio/i18n';
import { useCallback, useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { formatBytes } from '../documents/formatBytes';
import { Section } from '../layout/Section';
import { useNotify } from '../notify/useNotify';
import { CHART_COLORS } from '../usage/chartColors';
import { formatDateTime, formatMs } from '../usage/format';
import { SeriesChart } from '../usage/SeriesChart';
import { StatTiles } from '../usage/StatTile';
import { getBackups, startBackup, type Backup } from './adminApi';
import { useAutoRefresh } from './useAutoRefresh';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL },
  wrap: { overflowX: 'auto' },
  muted: { color: tokens.colorNeutralForeground3 },
});

const STATUS_COLOR: Record<string, 'success' | 'danger' | 'informative'> = { succeeded: 'success', failed: 'danger' };

/** How often the list reloads while a backup runs, so its row turns to succeeded/failed by itself. */
export const RUNNING_POLL_MS = 2_000;

const known = <T extends object>(group: T, key: string): key is Extract<keyof T, string> => key in group;

/** Backups (issue 9): status, size and verification of each run, and backup storage used over time. */
export function BackupsTab() {
  const styles = useStyles();
  const notify = useNotify();
  const load = useCallback(() => getBackups(), []);
  const { data, error, reload } = useAutoRefresh(load);
  const { t } = useTranslation();
  const running = data?.data.some((b) => b.status === 'running') ?? false;

  // Backups publish no events; a run takes seconds to minutes, so a short poll only while one runs is enough.
  useEffect(() => {
    if (!running) return;
    const timer = setInterval(reload, RUNNING_POLL_MS);
    return () => clearInterval(timer);
  }, [running, reload]);

  const statusText = (b: Backup) => {
    const status = known(en.admin.backups.statuses, b.status) ? t(`admin.backups.statuses.${b.status}`) : b.status;
    return b.deleted ? t('admin.backups.deleted', { status }) : status;
  };
  const verifiedText = (b: Backup) => {
    if (b.verified == null) return '—';
    if (b.verified) return t('admin.backups.yes');
    return b.verifyError ? t('admin.backups.noWithReason', { reason: b.verifyError }) : t('admin.backups.no');
  };
  const triggerText = (trigger: string) => (known(en.admin.backups.triggers, trigger) ? t(`admin.backups.triggers.${trigger}`) : trigger);

  async function handleBackup() {
    try {
      await startBackup();
      notify('success', t('admin.backups.started'), t('admin.backups.startedBody'));
      reload();
    } catch (err) {
      notify('error', t('admin.backups.startFailed'), err instanceof Error ? err.message : String(err));
    }
  }

  // One point per UTC day (the last sample of the day), in the shape the period charts take.
  const byDay = new Map<string, { period: string; bytes: number }>();
  for (const s of data?.storage ?? []) byDay.set(s.at.slice(0, 10), { period: s.at.slice(0, 10), bytes: s.bytes });

  return (
    <div className={styles.root} data-testid="admin-backups">
      {error && <Text className={styles.muted}>{t('admin.backups.loadFailed', { message: error.message })}</Text>}
      {data && (
        <>
          <StatTiles
            stats={[
              { label: t('admin.backups.stats.lastSuccess'), value: formatDateTime(data.summary.lastSuccessAt), testId: 'backup-last-success' },
              { label: t('admin.backups.stats.storage'), value: data.summary.storageBytes == null ? '—' : formatBytes(data.summary.storageBytes), testId: 'backup-storage' },
              { label: t('admin.backups.stats.schedule'), value: data.summary.schedule },
              { label: t('admin.backups.stats.destination'), value: data.summary.destination === 'local disk' ? t('admin.backups.localDisk') : data.summary.destination },
            ]}
          />
          <Section title={t('admin.backups.storageOverTime')}>
            <SeriesChart
              data={[...byDay.values()]}
              series={[{ key: 'bytes', name: t('admin.backups.storageSeries'), color: CHART_COLORS.brand }]}
              format={formatBytes}
              empty={t('admin.backups.storageEmpty')}
              testId="chart-backup-storage"
            />
          </Section>
          <Section
            title={t('admin.backups.title')}
            actions={
              <Button icon={<ArrowSyncRegular />} onClick={() => void handleBackup()} data-testid="backup-now">
                {t('admin.backups.backUpNow')}
              </Button>
            }
          >
            {data.data.length === 0 ? (
              <Text className={styles.muted} data-testid="backups-empty">
                {t('admin.backups.empty')}
              </Text>
            ) : (
              <div className={styles.wrap}>
                <Table size="small" aria-label={t('admin.backups.label')} data-testid="backups-table">
                  <TableHeader>
                    <TableRow>
                      <TableHeaderCell>{t('admin.backups.columns.started')}</TableHeaderCell>
                      <TableHeaderCell>{t('admin.backups.columns.status')}</TableHeaderCell>
                      <TableHeaderCell>{t('admin.backups.columns.size')}</TableHeaderCell>
                      <TableHeaderCell>{t('admin.backups.columns.verified')}</TableHeaderCell>
                      <TableHeaderCell>{t('admin.backups.columns.duration')}</TableHeaderCell>
                      <TableHeaderCell>{t('admin.backups.columns.trigger')}</TableHeaderCell>
                      <TableHeaderCell>{t('admin.backups.columns.location')}</TableHeaderCell>
                    </TableRow>
                  </TableHeader>
                  <TableBody>
                    {data.data.map((b) => (
                      <TableRow key={b.id} data-testid="backup-row">
                        <TableCell>{formatDateTime(b.startedAt)}</TableCell>
                        <TableCell>
                          <Badge appearance="tint" color={STATUS_COLOR[b.status] ?? 'informative'} data-testid="backup-status" data-status={b.status}>
                            {statusText(b)}
                          </Badge>
                        </TableCell>
                        <TableCell>{b.bytes == null ? '—' : formatBytes(b.bytes)}</TableCell>
                        <TableCell>{verifiedText(b)}</TableCell>
                        <TableCell>{formatMs(b.durationMs)}</TableCell>
                        <TableCell>{triggerText(b.trigger)}</TableCell>
                        <TableCell>{b.error ?? b.location ?? '—'}</TableCell>
                      </TableRow>
                    ))}
                  </TableBody>
                </Table>
              </div>
            )}
          </Section>
        </>
      )}
    </div>
  );
}
