import { Badge, Link, makeStyles, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Text, tokens } from '@fluentui/react-components';
import type { Payment } from '@intellio/api-client';
import { api } from '../api';
import { formatDateTime, formatMoney } from '../usage/format';

const useStyles = makeStyles({
  links: { display: 'flex', gap: tokens.spacingHorizontalS },
  empty: { color: tokens.colorNeutralForeground3 },
});

const STATUS_COLOR: Record<Payment['status'], 'success' | 'danger' | 'warning' | 'informative'> = {
  succeeded: 'success',
  failed: 'danger',
  refunded: 'warning',
  partially_refunded: 'warning',
  pending: 'informative',
};

/** Payments with their receipt number, status and receipt links (printable page, PDF, Stripe's). */
export function PaymentHistory({ payments }: { payments: Payment[] }) {
  const styles = useStyles();
  if (payments.length === 0) return <Text className={styles.empty}>No payments yet.</Text>;
  return (
    <Table size="small" aria-label="Payments" data-testid="payments">
      <TableHeader>
        <TableRow>
          <TableHeaderCell>Receipt</TableHeaderCell>
          <TableHeaderCell>Date</TableHeaderCell>
          <TableHeaderCell>Item</TableHeaderCell>
          <TableHeaderCell>Amount</TableHeaderCell>
          <TableHeaderCell>Status</TableHeaderCell>
          <TableHeaderCell>Receipt</TableHeaderCell>
        </TableRow>
      </TableHeader>
      <TableBody>
        {payments.map((p) => (
          <TableRow key={p.id} data-testid="payment-row">
            <TableCell>{p.receiptNumber}</TableCell>
            <TableCell>{formatDateTime(p.paidAt ?? p.createdAt)}</TableCell>
            <TableCell>{p.description ?? p.kind}</TableCell>
            <TableCell>{formatMoney(p.amountCents, p.currency)}</TableCell>
            <TableCell>
              <Badge appearance="tint" color={STATUS_COLOR[p.status]} title={p.failureMessage ?? undefined}>
                {p.status.replace('_', ' ')}
              </Badge>
            </TableCell>
            <TableCell>
              {p.status !== 'failed' && p.status !== 'pending' && (
                <span className={styles.links}>
                  <Link href={api.billing.receiptUrl(p.receipt.html)} target="_blank">View</Link>
                  <Link href={api.billing.receiptUrl(p.receipt.pdf)}>PDF</Link>
                  {p.receipt.stripe && <Link href={p.receipt.stripe} target="_blank">Stripe</Link>}
                </span>
              )}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
