import { Badge, makeStyles, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Text, tokens } from '@fluentui/react-components';
import { formatDateTime, formatMs, formatNumber } from './format';
import type { AnalysisUsage } from './usageApi';

const useStyles = makeStyles({
  wrap: { overflowX: 'auto' },
  prompt: { maxWidth: '320px', overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' },
  empty: { color: tokens.colorNeutralForeground3 },
});

const STATUS_COLOR: Record<string, 'success' | 'danger' | 'warning' | 'informative'> = { succeeded: 'success', failed: 'danger', cancelled: 'warning' };

interface AnalysesTableProps {
  analyses: AnalysisUsage[];
}

/** Analyses with status, latency and tokens. */
export function AnalysesTable({ analyses }: AnalysesTableProps) {
  const styles = useStyles();
  if (!analyses.length) return <Text className={styles.empty} data-testid="analyses-empty">No analyses in this period.</Text>;
  return (
    <div className={styles.wrap}>
      <Table size="small" aria-label="Analyses" data-testid="analyses-table">
        <TableHeader>
          <TableRow>
            <TableHeaderCell>When</TableHeaderCell>
            <TableHeaderCell>Prompt</TableHeaderCell>
            <TableHeaderCell>Status</TableHeaderCell>
            <TableHeaderCell>Latency</TableHeaderCell>
            <TableHeaderCell>Tokens in / out</TableHeaderCell>
            <TableHeaderCell>Charged</TableHeaderCell>
          </TableRow>
        </TableHeader>
        <TableBody>
          {analyses.map((a) => (
            <TableRow key={a.id}>
              <TableCell>{formatDateTime(a.createdAt)}</TableCell>
              <TableCell>
                <div className={styles.prompt} title={a.prompt}>
                  {a.prompt}
                </div>
              </TableCell>
              <TableCell>
                <Badge appearance="tint" color={STATUS_COLOR[a.status] ?? 'informative'}>
                  {a.cached ? 'cached' : a.status}
                </Badge>
              </TableCell>
              <TableCell>{formatMs(a.latencyMs)}</TableCell>
              <TableCell>
                {formatNumber(a.tokensIn)} / {formatNumber(a.tokensOut)}
              </TableCell>
              <TableCell>{formatNumber(a.tokensCharged)}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </div>
  );
}
