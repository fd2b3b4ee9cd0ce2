import { Dropdown, Field, makeStyles, Option, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Text, tokens } from '@fluentui/react-components';
import type { LedgerEntry, LedgerKind } from '@intellio/api-client';
import { useEffect, useState } from 'react';
import { api } from '../api';
import { useNotify } from '../notify/useNotify';
import { dateText, errorText } from './format';

const useStyles = makeStyles({
  plus: { color: tokens.colorPaletteGreenForeground1 },
  minus: { color: tokens.colorPaletteRedForeground1 },
  empty: { color: tokens.colorNeutralForeground3 },
  filter: { maxWidth: '240px' },
});

const KINDS: Array<{ value: LedgerKind | ''; label: string }> = [
  { value: '', label: 'All' },
  { value: 'grant', label: 'Grants' },
  { value: 'purchase', label: 'Purchases' },
  { value: 'analysis', label: 'Analyses' },
  { value: 'embedding', label: 'Embeddings' },
  { value: 'refund', label: 'Refunds' },
  { value: 'adjust', label: 'Adjustments' },
];

/** The user's token ledger, newest first, filtered by kind; reloads when the balance changes. */
export function LedgerList({ version }: { version: number }) {
  const styles = useStyles();
  const notify = useNotify();
  const [kind, setKind] = useState<LedgerKind | ''>('');
  const [rows, setRows] = useState<LedgerEntry[] | null>(null);

  useEffect(() => {
    let cancelled = false;
    api.billing
      .ledger({ kind, limit: 50 })
      .then((r) => !cancelled && setRows(r.data))
      .catch((err: unknown) => notify('error', 'Could not load the ledger', errorText(err)));
    return () => {
      cancelled = true;
    };
  }, [kind, version, notify]);

  return (
    <>
      <Field label="Show" className={styles.filter}>
        <Dropdown
          aria-label="Ledger kind"
          value={KINDS.find((k) => k.value === kind)?.label}
          selectedOptions={[kind]}
          onOptionSelect={(_, d) => setKind((d.optionValue ?? '') as LedgerKind | '')}
          data-testid="ledger-kind"
        >
          {KINDS.map((k) => (
            <Option key={k.value} value={k.value}>
              {k.label}
            </Option>
          ))}
        </Dropdown>
      </Field>
      {rows && rows.length === 0 && <Text className={styles.empty}>Nothing here yet.</Text>}
      {rows && rows.length > 0 && (
        <Table size="small" aria-label="Token ledger" data-testid="ledger">
          <TableHeader>
            <TableRow>
              <TableHeaderCell>Date</TableHeaderCell>
              <TableHeaderCell>Kind</TableHeaderCell>
              <TableHeaderCell>Reference</TableHeaderCell>
              <TableHeaderCell>Change</TableHeaderCell>
              <TableHeaderCell>Balance</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {rows.map((e) => (
              <TableRow key={e.id} data-testid="ledger-row">
                <TableCell>{dateText(e.createdAt)}</TableCell>
                <TableCell>{e.kind}</TableCell>
                <TableCell>{e.reference ?? ''}</TableCell>
                <TableCell className={e.delta >= 0 ? styles.plus : styles.minus}>{`${e.delta >= 0 ? '+' : ''}${e.delta.toLocaleString()}`}</TableCell>
                <TableCell>{e.balanceAfter.toLocaleString()}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </>
  );
}
