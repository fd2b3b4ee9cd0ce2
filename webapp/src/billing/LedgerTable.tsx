import { makeStyles, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, tokens } from '@fluentui/react-components';
import type { LedgerDetail } from '@intellio/api-client';
import { en, intlLocale } from '@intellio/i18n';
import { useTranslation } from 'react-i18next';
import { formatDateTime, formatNumber } from '../usage/format';
import { ledgerText } from './ledgerText';

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
  detail?: LedgerDetail;
  delta: number;
  balanceAfter: number;
}

type KnownKind = keyof typeof en.billing.ledger.kinds;
const isKnownKind = (kind: string): kind is KnownKind => kind in en.billing.ledger.kinds;

/** "+1,000" / "−250": a change with its sign, in the active locale. */
const formatDelta = (n: number) => new Intl.NumberFormat(intlLocale(), { signDisplay: 'exceptZero' }).format(n);

/** Ledger lines, newest first: the user's own (billing page) and any user's (admin user page). */
export function LedgerTable({ rows }: { rows: LedgerRow[] }) {
  const styles = useStyles();
  const { t } = useTranslation();
  return (
    <Table size="small" aria-label={t('billing.ledger.label')} data-testid="ledger">
      <TableHeader>
        <TableRow>
          <TableHeaderCell>{t('billing.ledger.date')}</TableHeaderCell>
          <TableHeaderCell>{t('billing.ledger.kind')}</TableHeaderCell>
          <TableHeaderCell>{t('billing.ledger.details')}</TableHeaderCell>
          <TableHeaderCell>{t('billing.ledger.change')}</TableHeaderCell>
          <TableHeaderCell>{t('billing.ledger.balance')}</TableHeaderCell>
        </TableRow>
      </TableHeader>
      <TableBody>
        {rows.map((e) => (
          <TableRow key={e.id} data-testid="ledger-row">
            <TableCell>{formatDateTime(e.createdAt)}</TableCell>
            <TableCell>{isKnownKind(e.kind) ? t(`billing.ledger.kinds.${e.kind}`) : e.kind}</TableCell>
            <TableCell title={e.reference ?? undefined}>{ledgerText(e, t)}</TableCell>
            <TableCell className={e.delta >= 0 ? styles.plus : styles.minus}>{formatDelta(e.delta)}</TableCell>
            <TableCell>{formatNumber(e.balanceAfter)}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
