import { Button, Field, Input, makeStyles, Text, tokens as t } from '@fluentui/react-components';
import type { WorkbookCap } from '@intellio/api-client';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage, type PaneClient } from '../api';
import { workbookId } from '../functions/register';
import { formatNumber } from '../i18n';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: '6px', borderTop: `1px solid ${t.colorNeutralStroke2}`, paddingTop: '10px' },
  // Narrow panes (320 px) wrap the button under the field rather than scroll sideways.
  row: { display: 'flex', flexWrap: 'wrap', gap: '8px', alignItems: 'end' },
  field: { flex: '1 1 140px', minWidth: 0 },
  input: { width: '100%', minWidth: 0 },
  // The formula examples are long unbroken words.
  hint: { color: t.colorNeutralForeground3, overflowWrap: 'anywhere' },
});

/**
 * The per-workbook spend cap for =INTELLIO.ASK/FILL: a recalculation storm in one workbook cannot spend
 * more than this in a month. Empty means no cap.
 */
export function FormulaCap({ client }: { client: PaneClient }) {
  const styles = useStyles();
  const { t } = useTranslation();
  const [id, setId] = useState<string | null>(null);
  const [cap, setCap] = useState<Pick<WorkbookCap, 'monthlyTokenCap'> & Partial<WorkbookCap> | null>(null);
  const [draft, setDraft] = useState('');
  const [status, setStatus] = useState<{ kind: 'saved' | 'error'; text: string } | null>(null);

  useEffect(() => {
    let live = true;
    void (async () => {
      const wb = await workbookId();
      if (!wb || !live) return;
      setId(wb);
      try {
        const current = await client.formulas.workbookCap(wb);
        if (!live) return;
        setCap(current);
        setDraft(current.monthlyTokenCap === null ? '' : String(current.monthlyTokenCap));
      } catch (err) {
        if (live) setStatus({ kind: 'error', text: errorMessage(err, t) });
      }
    })();
    return () => {
      live = false;
    };
  }, [client, t]);

  if (!id) return null;
  const value = draft.trim() === '' ? null : Number(draft);
  const invalid = value !== null && (!Number.isInteger(value) || value < 0);

  const save = async () => {
    setStatus(null);
    try {
      const saved = await client.formulas.setWorkbookCap(id, value);
      setCap(saved);
      setStatus({ kind: 'saved', text: t('pane.formulas.saved') });
    } catch (err) {
      setStatus({ kind: 'error', text: errorMessage(err, t) });
    }
  };

  return (
    <div className={styles.root} data-testid="formula-cap">
      <Text weight="semibold">{t('pane.formulas.title')}</Text>
      <Text size={200} className={styles.hint}>
        {t('pane.formulas.howTo')}
      </Text>
      <div className={styles.row}>
        <Field className={styles.field} label={t('pane.formulas.capLabel')} validationMessage={invalid ? t('pane.formulas.capInvalid') : undefined}>
          <Input className={styles.input} type="number" min={0} step={1000} value={draft} placeholder={t('pane.formulas.noCap')} onChange={(_, d) => setDraft(d.value)} data-testid="formula-cap-input" />
        </Field>
        <Button onClick={() => void save()} disabled={invalid || cap === null} data-testid="formula-cap-save">
          {t('pane.formulas.save')}
        </Button>
      </div>
      {cap?.spentThisMonth !== undefined && (
        <Text size={200} className={styles.hint}>
          {t('pane.formulas.spent', { amount: formatNumber(cap.spentThisMonth) })}
        </Text>
      )}
      {status && (
        <Text size={200} role="status" data-testid="formula-cap-status">
          {status.text}
        </Text>
      )}
    </div>
  );
}
