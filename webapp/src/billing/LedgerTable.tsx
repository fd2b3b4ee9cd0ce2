import { makeStyles, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, tokens } from '@fluentui/react-components';
import { formatDateTime, formatNumber } from '../usage/format';

const useStyles = makeStyles({
  plus: { color: tokens.colorPaletteGreenForeground1 },
  minus: { color: tokens.colorPaletteRedForeground1 },
});

export interface LedgerRow {
  id: string;
  createdAt: string;
  kind: string;
  reference: string | null;
  description?: string;
  delta: number;
  balanceAfter: number;
}

const KIND_LABELS: Record<string, string> = {
  grant: 'Grant',
  purchase: 'Purchase',
  analysis: 'Analysis',
  embedding: 'Documents',
  refund: 'Refund',
  adjust: 'Adjustment',
};

/** Ledger lines, newest first: the user's own (billing page) and any user's (admin user page). */
export function LedgerTable({ rows }: { rows: LedgerRow[] }) {
  const styles = useStyles();
  return (
    <Table size="small" aria-label="Token ledger" data-testid="ledger">
      <TableHeader>
        <TableRow>
          <TableHeaderCell>Date</TableHeaderCell>
          <TableHeaderCell>Kind</TableHeaderCell>
          <TableHeaderCell>Details</TableHeaderCell>
          <TableHeaderCell>Change</TableHeaderCell>
          <TableHeaderCell>Balance</TableHeaderCell>
        </TableRow>
      </TableHeader>
      <TableBody>
        {rows.map((e) => (
          <TableRow key={e.id} data-testid="ledger-row">
            <TableCell>{formatDateTime(e.createdAt)}</TableCell>
            <TableCell>{KIND_LABELS[e.kind] ?? e.kind}</TableCell>
            <TableCell title={e.reference ?? undefined}>{e.description ?? e.reference ?? '—'}</TableCell>
            <TableCell className={e.delta >= 0 ? styles.plus : styles.minus}>{`${e.delta >= 0 ? '+' : ''}${formatNumber(e.delta)}`}</TableCell>
            <TableCell>{formatNumber(e.balanceAfter)}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
