import { Button, Checkbox, Field, Input, makeStyles, MessageBar, MessageBarBody, Radio, RadioGroup, tokens as t } from '@fluentui/react-components';
import type { Claim } from '@intellio/api-client';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../api';
import { answerWords } from '../checks';
import { insertAnswer } from '../host/insert';
import type { Citation, InsertResult } from '../host/types';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: t.spacingVerticalS },
});

export interface InsertPanelProps {
  answer: string;
  citations: Citation[];
  /** Unsupported ones are written with their flag. */
  claims?: Claim[];
}

/** "Insert answer": at a cell the user names or on a new sheet, optionally with the citations table (its sources linked). */
export function InsertPanel({ answer, citations, claims }: InsertPanelProps) {
  const styles = useStyles();
  const { t } = useTranslation();
  const [where, setWhere] = useState<'sheet' | 'cell'>('sheet');
  const [cell, setCell] = useState('');
  const [sheetName, setSheetName] = useState(() => t('pane.insert.defaultSheet'));
  const [withCitations, setWithCitations] = useState(true);
  const [done, setDone] = useState<InsertResult | null>(null);
  const [error, setError] = useState<string | null>(null);

  const handleInsert = async () => {
    setError(null);
    setDone(null);
    try {
      const target = where === 'cell' ? ({ kind: 'cell', address: cell.trim() } as const) : ({ kind: 'sheet', name: sheetName.trim() } as const);
      // The flags, labels and table headers written to the sheet in the pane's language.
      setDone(await insertAnswer({ answer, citations, claims, includeCitations: withCitations, target, words: answerWords(t) }));
    } catch (err) {
      // Excel's own messages ("The requested resource doesn't exist.") are readable enough to show as is.
      setError(errorMessage(err, t) || t('pane.insert.failed'));
    }
  };

  const ready = where === 'cell' ? Boolean(cell.trim()) : Boolean(sheetName.trim());
  return (
    <div className={styles.root} data-testid="insert">
      <RadioGroup value={where} onChange={(_, d) => setWhere(d.value as 'sheet' | 'cell')} layout="horizontal">
        <Radio value="sheet" label={t('pane.insert.newSheet')} data-testid="insert-sheet" />
        <Radio value="cell" label={t('pane.insert.atCell')} data-testid="insert-cell" />
      </RadioGroup>
      {where === 'cell' ? (
        <Field label={t('pane.insert.cell')}>
          <Input value={cell} onChange={(_, d) => setCell(d.value)} data-testid="insert-address" />
        </Field>
      ) : (
        <Field label={t('pane.insert.sheetName')}>
          <Input value={sheetName} onChange={(_, d) => setSheetName(d.value)} data-testid="insert-sheet-name" />
        </Field>
      )}
      {citations.length > 0 && <Checkbox label={t('pane.insert.withCitations')} checked={withCitations} onChange={(_, d) => setWithCitations(Boolean(d.checked))} />}
      <Button appearance="primary" disabled={!ready} onClick={handleInsert} data-testid="insert-answer">
        {t('pane.insert.submit')}
      </Button>
      {done && (
        <MessageBar intent="success" data-testid="insert-done">
          <MessageBarBody>{t('pane.insert.done', { sheet: done.sheet, address: done.address.slice(done.address.lastIndexOf('!') + 1) })}</MessageBarBody>
        </MessageBar>
      )}
      {error && (
        <MessageBar intent="error" data-testid="insert-error">
          <MessageBarBody>{error}</MessageBarBody>
        </MessageBar>
      )}
    </div>
  );
}
