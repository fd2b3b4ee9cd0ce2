import { Dropdown, Field, makeStyles, Option, Text, tokens } from '@fluentui/react-components';
import type { LedgerEntry, LedgerKind } from '@intellio/api-client';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api';
import { useNotify } from '../notify/useNotify';
import { errorText } from './format';
import { LedgerTable } from './LedgerTable';

const useStyles = makeStyles({
  empty: { color: tokens.colorNeutralForeground3 },
  filter: { maxWidth: '240px' },
});

const KINDS: Array<LedgerKind | ''> = ['', 'grant', 'purchase', 'analysis', 'embedding', 'refund', 'adjust'];

/** The user's token ledger, newest first, filtered by kind; reloads when the balance changes. */
export function LedgerList({ version }: { version: number }) {
  const styles = useStyles();
  const notify = useNotify();
  const { t } = useTranslation();
  const kindLabel = (k: LedgerKind | '') => (k ? t(`billing.ledger.filters.${k}`) : t('billing.ledger.filters.all'));
  const [kind, setKind] = useState<LedgerKind | ''>('');
  const [rows, setRows] = useState<LedgerEntry[] | null>(null);

  useEffect(() => {
    let cancelled = false;
    api.billing
      .ledger({ kind, limit: 50 })
      .then((r) => !cancelled && setRows(r.data))
      .catch((err: unknown) => notify('error', t('billing.ledger.loadFailed'), errorText(err, t)));
    return () => {
      cancelled = true;
    };
  }, [kind, version, notify, t]);

  return (
    <>
      <Field label={t('billing.ledger.show')} className={styles.filter}>
        <Dropdown
          clearButton={{ 'aria-label': t('common.clearSelection') }}
          aria-label={t('billing.ledger.kindLabel')}
          value={kindLabel(kind)}
          selectedOptions={[kind]}
          onOptionSelect={(_, d) => setKind((d.optionValue ?? '') as LedgerKind | '')}
          data-testid="ledger-kind"
        >
          {KINDS.map((k) => (
            <Option key={k} value={k}>
              {kindLabel(k)}
            </Option>
          ))}
        </Dropdown>
      </Field>
      {rows && rows.length === 0 && <Text className={styles.empty}>{t('billing.ledger.empty')}</Text>}
      {rows && rows.length > 0 && (
        <LedgerTable rows={rows} />
      )}
    </>
  );
}
