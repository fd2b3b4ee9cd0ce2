import { Badge, makeStyles, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Text, tokens } from '@fluentui/react-components';
import { en } from '@intellio/i18n';
import { useTranslation } from 'react-i18next';
import { formatDateTime, formatMs, formatNumber } from './format';
import type { AnalysisUsage } from './usageApi';

const useStyles = makeStyles({
  wrap: { overflowX: 'auto' },
  // Fluent tables share the width out equally (fixed layout): on a phone the status badge, which cannot
  // wrap, then spilled over the latency column. Sizing columns by their content, the table scrolls instead.
  table: { tableLayout: 'auto' },
  nowrap: { whiteSpace: 'nowrap' },
  prompt: { maxWidth: '320px', minWidth: '120px', overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' },
  empty: { color: tokens.colorNeutralForeground3 },
});

const STATUS_COLOR: Record<string, 'success' | 'danger' | 'warning' | 'informative'> = { succeeded: 'success', failed: 'danger', cancelled: 'warning' };

type KnownStatus = keyof typeof en.usage.statuses;
const isKnownStatus = (status: string): status is KnownStatus => status in en.usage.statuses;

interface AnalysesTableProps {
  analyses: AnalysisUsage[];
}

/** Analyses with status, latency and tokens. */
export function AnalysesTable({ analyses }: AnalysesTableProps) {
  const styles = useStyles();
  const { t } = useTranslation();
  if (!analyses.length) return <Text className={styles.empty} data-testid="analyses-empty">{t('usage.table.empty')}</Text>;
  const statusText = (a: AnalysisUsage) => {
    const status = a.cached ? 'cached' : a.status;
    return isKnownStatus(status) ? t(`usage.statuses.${status}`) : status;
  };
  return (
    <div className={styles.wrap}>
      <Table size="small" className={styles.table} aria-label={t('usage.table.label')} data-testid="analyses-table">
        <TableHeader>
          <TableRow>
            <TableHeaderCell>{t('usage.table.when')}</TableHeaderCell>
            <TableHeaderCell>{t('usage.table.prompt')}</TableHeaderCell>
            <TableHeaderCell>{t('usage.table.status')}</TableHeaderCell>
            <TableHeaderCell>{t('usage.table.latency')}</TableHeaderCell>
            <TableHeaderCell>{t('usage.table.tokens')}</TableHeaderCell>
            <TableHeaderCell>{t('usage.table.charged')}</TableHeaderCell>
          </TableRow>
        </TableHeader>
        <TableBody>
          {analyses.map((a) => (
            <TableRow key={a.id} data-testid="analysis-usage-row">
              <TableCell className={styles.nowrap}>{formatDateTime(a.createdAt)}</TableCell>
              <TableCell>
                <div className={styles.prompt} title={a.prompt}>
                  {a.prompt}
                </div>
              </TableCell>
              <TableCell className={styles.nowrap}>
                <Badge appearance="tint" color={STATUS_COLOR[a.status] ?? 'informative'} data-testid="analysis-status">
                  {statusText(a)}
                </Badge>
              </TableCell>
              <TableCell className={styles.nowrap} data-testid="analysis-latency">
                {formatMs(a.latencyMs)}
              </TableCell>
              <TableCell className={styles.nowrap}>
                {formatNumber(a.tokensIn)} / {formatNumber(a.tokensOut)}
              </TableCell>
              <TableCell className={styles.nowrap}>{formatNumber(a.tokensCharged)}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </div>
  );
}
