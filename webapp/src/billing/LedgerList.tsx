import { Dropdown, Field, makeStyles, Option, Text, tokens } from '@fluentui/react-components';
import type { LedgerEntry, LedgerKind } from '@intellio/api-client';
import { useEffect, useState } from 'react';
import { api } from '../api';
import { useNotify } from '../notify/useNotify';
import { errorText } from './format';
import { LedgerTable } from './LedgerTable';

const useStyles = makeStyles({
  empty: { color: tokens.colorNeutralForeground3 },
  filter: { maxWidth: '240px' },
});

const KINDS: Array<{ value: LedgerKind | ''; label: string }> = [
  { value: '', label: 'All' },
  { value: 'grant', label: 'Grants' },
  { value: 'purchase', label: 'Purchases' },
  { value: 'analysis', label: 'Analyses' },
  { value: 'embedding', label: 'Documents' },
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
        <LedgerTable rows={rows} />
      )}
    </>
  );
}
