import { Button, MessageBar, MessageBarBody, Text, makeStyles, tokens } from '@fluentui/react-components';
import { SparkleRegular } from '@fluentui/react-icons';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api';
import { documentTable, isTabular, type ProjectDocument } from '../documents/documentsApi';
import { errorMessage } from '../forms/apiErrors';
import { fullRange } from '../grid/selection';
import { typedValue } from '../grid/parseCells';
import type { TableData } from '../grid/useTableData';
import { Section } from '../layout/Section';

const useStyles = makeStyles({
  text: { color: tokens.colorNeutralForeground2 },
  action: { alignSelf: 'flex-start' },
});

interface TryExampleProps {
  projectId: string;
  /** The project's documents (null while loading): the offer is for an empty project only. */
  documents: ProjectDocument[] | null;
  table: TableData;
}

type State = { kind: 'idle' } | { kind: 'adding' } | { kind: 'added'; tableId: string; opened: boolean } | { kind: 'failed'; message: string };

/**
 * "Try it with an example" on an empty project: one click adds a sample table and report, opens the table
 * with its cells selected, and leaves one question to type for a cited answer.
 */
export function TryExample({ projectId, documents, table }: TryExampleProps) {
  const styles = useStyles();
  const { t } = useTranslation();
  const [state, setState] = useState<State>({ kind: 'idle' });
  // The latest table callbacks, read when the table arrives (useTableData does not memoise them).
  const tableRef = useRef(table);
  tableRef.current = table;

  // The table opens once the server has read it (its document arrives ready through the live events).
  const readyId = state.kind === 'added' && !state.opened ? documents?.find((d) => d.id === state.tableId && d.status === 'ready')?.id : undefined;
  useEffect(() => {
    if (!readyId) return;
    let active = true;
    const filename = documents?.find((d) => d.id === readyId)?.filename ?? '';
    documentTable(readyId).then(
      (data) => {
        if (!active) return;
        setState((s) => (s.kind === 'added' ? { ...s, opened: true } : s));
        const rows = data.rows.map((row) => row.map((v) => (typeof v === 'string' ? typedValue(v) : v)));
        tableRef.current.load({ name: filename, sheet: data.sheet, rows });
        const range = fullRange({ rows: rows.length, cols: rows[0]?.length ?? 0 });
        tableRef.current.setSelection({ ranges: [range], anchor: range.start, focus: range.start });
      },
      (err: unknown) => active && setState({ kind: 'failed', message: errorMessage(err) }),
    );
    return () => {
      active = false;
    };
    // Only a newly ready table starts a load; later list updates must not cancel it.
  }, [readyId]);

  if (state.kind === 'idle' && documents?.length !== 0) return null;

  async function handleTry() {
    setState({ kind: 'adding' });
    try {
      const added = await api.http.request<{ documents: ProjectDocument[] }>('POST', `/projects/${projectId}/sample`);
      const tableDoc = added.documents.find((d) => isTabular(d));
      setState(tableDoc ? { kind: 'added', tableId: tableDoc.id, opened: false } : { kind: 'failed', message: t('onboarding.tryFailed') });
    } catch (err) {
      setState({ kind: 'failed', message: errorMessage(err) });
    }
  }

  return (
    <Section title={t('onboarding.tryTitle')} testId="try-example">
      {state.kind === 'added' ? (
        <MessageBar intent="success">
          <MessageBarBody>{t('onboarding.tryAdded')}</MessageBarBody>
        </MessageBar>
      ) : (
        <>
          <Text className={styles.text}>{t('onboarding.tryText')}</Text>
          {state.kind === 'failed' && (
            <MessageBar intent="error">
              <MessageBarBody>{`${t('onboarding.tryFailed')} ${state.message}`}</MessageBarBody>
            </MessageBar>
          )}
          <Button appearance="primary" icon={<SparkleRegular />} className={styles.action} disabled={state.kind === 'adding'} onClick={() => void handleTry()}>
            {state.kind === 'adding' ? t('onboarding.tryAdding') : t('onboarding.tryButton')}
          </Button>
        </>
      )}
    </Section>
  );
}
