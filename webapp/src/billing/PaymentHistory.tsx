import { Badge, Link, makeStyles, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Text, tokens } from '@fluentui/react-components';
import type { Payment } from '@intellio/api-client';
import { useTranslation } from 'react-i18next';
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
  const { t } = useTranslation();
  if (payments.length === 0) return <Text className={styles.empty}>{t('billing.payments.empty')}</Text>;
  return (
    <Table size="small" aria-label={t('billing.payments.label')} data-testid="payments">
      <TableHeader>
        <TableRow>
          <TableHeaderCell>{t('billing.payments.receipt')}</TableHeaderCell>
          <TableHeaderCell>{t('billing.payments.date')}</TableHeaderCell>
          <TableHeaderCell>{t('billing.payments.item')}</TableHeaderCell>
          <TableHeaderCell>{t('billing.payments.amount')}</TableHeaderCell>
          <TableHeaderCell>{t('billing.payments.status')}</TableHeaderCell>
          <TableHeaderCell>{t('billing.payments.receipts')}</TableHeaderCell>
        </TableRow>
      </TableHeader>
      <TableBody>
        {payments.map((p) => (
          <TableRow key={p.id} data-testid="payment-row">
            <TableCell>{p.receiptNumber}</TableCell>
            <TableCell>{formatDateTime(p.paidAt ?? p.createdAt)}</TableCell>
            <TableCell title={p.description ?? undefined}>
              {/* The server's description is English; kind and tokens say the same in the screen's language. */}
              {t('billing.payments.itemText', { kind: t(`billing.payments.kinds.${p.kind}`), count: p.tokens })}
            </TableCell>
            <TableCell>{formatMoney(p.amountCents, p.currency)}</TableCell>
            <TableCell>
              <Badge appearance="tint" color={STATUS_COLOR[p.status]} title={p.failureMessage ?? undefined}>
                {t(`billing.payments.statuses.${p.status}`)}
              </Badge>
            </TableCell>
            <TableCell>
              {p.status !== 'failed' && p.status !== 'pending' && (
                <span className={styles.links}>
                  <Link href={api.billing.receiptUrl(p.receipt.html)} target="_blank">
                    {t('billing.payments.view')}
                  </Link>
                  <Link href={api.billing.receiptUrl(p.receipt.pdf)}>{t('billing.payments.pdf')}</Link>
                  {p.receipt.stripe && (
                    <Link href={p.receipt.stripe} target="_blank">
                      {t('billing.payments.stripe')}
                    </Link>
                  )}
                </span>
              )}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
