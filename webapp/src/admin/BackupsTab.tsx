import { Badge, Button, makeStyles, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Text, tokens } from '@fluentui/react-components';
import { ArrowSyncRegular } from '@fluentui/react-icons';
import { useCallback } from 'react';
import { formatBytes } from '../documents/formatBytes';
import { Section } from '../layout/Section';
import { useNotify } from '../notify/useNotify';
import { CHART_COLORS } from '../usage/chartColors';
import { formatDateTime, formatMs } from '../usage/format';
import { SeriesChart } from '../usage/SeriesChart';
import { StatTiles } from '../usage/StatTile';
import { getBackups, startBackup } from './adminApi';
import { useAutoRefresh } from './useAutoRefresh';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL },
  wrap: { overflowX: 'auto' },
  muted: { color: tokens.colorNeutralForeground3 },
});

const STATUS_COLOR: Record<string, 'success' | 'danger' | 'informative'> = { succeeded: 'success', failed: 'danger' };

/** Backups (issue 9): status, size and verification of each run, and backup storage used over time. */
export function BackupsTab() {
  const styles = useStyles();
  const notify = useNotify();
  const load = useCallback(() => getBackups(), []);
  const { data, error, reload } = useAutoRefresh(load);

  async function handleBackup() {
    try {
      await startBackup();
      notify('success', 'Backup started', 'It appears below when it finishes.');
      reload();
    } catch (err) {
      notify('error', 'Could not start a backup', err instanceof Error ? err.message : String(err));
    }
  }

  // One point per UTC day (the last sample of the day), in the shape the period charts take.
  const byDay = new Map<string, { period: string; bytes: number }>();
  for (const s of data?.storage ?? []) byDay.set(s.at.slice(0, 10), { period: s.at.slice(0, 10), bytes: s.bytes });

  return (
    <div className={styles.root} data-testid="admin-backups">
      {error && <Text className={styles.muted}>Could not load backups: {error.message}</Text>}
      {data && (
        <>
          <StatTiles
            stats={[
              { label: 'Last successful backup', value: formatDateTime(data.summary.lastSuccessAt), testId: 'backup-last-success' },
              { label: 'Storage used', value: data.summary.storageBytes == null ? '—' : formatBytes(data.summary.storageBytes), testId: 'backup-storage' },
              { label: 'Schedule (UTC)', value: data.summary.schedule },
              { label: 'Destination', value: data.summary.destination },
            ]}
          />
          <Section title="Storage used over time">
            <SeriesChart data={[...byDay.values()]} series={[{ key: 'bytes', name: 'Backup storage', color: CHART_COLORS.brand }]} format={formatBytes} empty="No storage measurements yet." testId="chart-backup-storage" />
          </Section>
          <Section
            title="Backups"
            actions={
              <Button icon={<ArrowSyncRegular />} onClick={() => void handleBackup()} data-testid="backup-now">
                Back up now
              </Button>
            }
          >
            {data.data.length === 0 ? (
              <Text className={styles.muted} data-testid="backups-empty">
                No backups yet.
              </Text>
            ) : (
              <div className={styles.wrap}>
                <Table size="small" aria-label="Backups" data-testid="backups-table">
                  <TableHeader>
                    <TableRow>
                      <TableHeaderCell>Started</TableHeaderCell>
                      <TableHeaderCell>Status</TableHeaderCell>
                      <TableHeaderCell>Size</TableHeaderCell>
                      <TableHeaderCell>Verified</TableHeaderCell>
                      <TableHeaderCell>Duration</TableHeaderCell>
                      <TableHeaderCell>Trigger</TableHeaderCell>
                      <TableHeaderCell>Location / error</TableHeaderCell>
                    </TableRow>
                  </TableHeader>
                  <TableBody>
                    {data.data.map((b) => (
                      <TableRow key={b.id} data-testid="backup-row">
                        <TableCell>{formatDateTime(b.startedAt)}</TableCell>
                        <TableCell>
                          <Badge appearance="tint" color={STATUS_COLOR[b.status] ?? 'informative'}>
                            {b.deleted ? `${b.status} (deleted)` : b.status}
                          </Badge>
                        </TableCell>
                        <TableCell>{b.bytes == null ? '—' : formatBytes(b.bytes)}</TableCell>
                        <TableCell>{b.verified == null ? '—' : b.verified ? 'yes' : `no${b.verifyError ? `: ${b.verifyError}` : ''}`}</TableCell>
                        <TableCell>{formatMs(b.durationMs)}</TableCell>
                        <TableCell>{b.trigger}</TableCell>
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
