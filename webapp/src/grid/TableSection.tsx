import { Button, makeStyles, Select, Spinner, Tab, TabList, Text, tokens } from '@fluentui/react-components';
import { ClipboardPasteRegular, TableSimpleRegular } from '@fluentui/react-icons';
import { useState, type ClipboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { documentTable, isTabular, type ProjectDocument } from '../documents/documentsApi';
import { Section } from '../layout/Section';
import { errorMessage } from '../forms/apiErrors';
import { useNotify } from '../notify/useNotify';
import { parseCells, typedValue } from './parseCells';
import { PasteDialog } from './PasteDialog';
import { SheetGrid } from './SheetGrid';
import { useSelectionText } from './useSelectionText';
import type { TableData } from './useTableData';

const useStyles = makeStyles({
  summary: { color: tokens.colorNeutralForeground2, overflowWrap: 'anywhere' },
  empty: {
    display: 'flex',
    flexDirection: 'column',
    alignItems: 'center',
    gap: tokens.spacingVerticalS,
    padding: tokens.spacingVerticalXXL,
    color: tokens.colorNeutralForeground3,
    border: `${tokens.strokeWidthThin} dashed ${tokens.colorNeutralStroke1}`,
    borderRadius: tokens.borderRadiusMedium,
    textAlign: 'center',
  },
  picker: { minWidth: '180px', maxWidth: '100%' },
});

interface TableSectionProps {
  documents: ProjectDocument[];
  table: TableData;
}

/** The table: a CSV/XLSX of the project or pasted cells, in a grid where the cells to analyse are selected. */
export function TableSection({ documents, table }: TableSectionProps) {
  const styles = useStyles();
  const notify = useNotify();
  const { t } = useTranslation();
  const selectionText = useSelectionText();
  const [pasting, setPasting] = useState(false);
  const [opening, setOpening] = useState<{ doc: ProjectDocument; sheets: string[] } | null>(null);
  const [loading, setLoading] = useState(false);
  const tabular = documents.filter((d) => isTabular(d));
  const { source, selection, setSelection, load, revealed } = table;

  async function open(doc: ProjectDocument, sheet?: string) {
    setLoading(true);
    try {
      const data = await documentTable(doc.id, sheet);
      setOpening({ doc, sheets: data.sheets });
      // CSV cells arrive as text: typed here as for pasted cells, so the analysis sees numbers as numbers.
      const rows = data.rows.map((row) => row.map((v) => (typeof v === 'string' ? typedValue(v) : v)));
      load({ name: doc.filename, sheet: data.sheet, rows });
    } catch (err) {
      notify('error', t('grid.openFailed', { filename: doc.filename }), errorMessage(err));
    } finally {
      setLoading(false);
    }
  }

  function applyPasted(text: string) {
    const rows = parseCells(text);
    setPasting(false);
    setOpening(null);
    if (rows.length) load({ name: t('grid.pastedName'), sheet: t('grid.pastedSheet'), rows });
  }

  function handlePaste(event: ClipboardEvent) {
    const text = event.clipboardData.getData('text/plain');
    if (!text.includes('\t') && !text.includes('\n')) return;
    event.preventDefault();
    applyPasted(text);
  }

  return (
    <Section
      title={t('grid.title')}
      testId="table-section"
      actions={
        <>
          {tabular.length > 0 && (
            <Select
              className={styles.picker}
              aria-label={t('grid.openDocument')}
              value={opening?.doc.id ?? ''}
              onChange={(_, data) => {
                const doc = tabular.find((d) => d.id === data.value);
                if (doc) void open(doc);
              }}
            >
              <option value="">{t('grid.chooseSpreadsheet')}</option>
              {tabular.map((d) => (
                <option key={d.id} value={d.id}>
                  {d.filename}
                </option>
              ))}
            </Select>
          )}
          <Button icon={<ClipboardPasteRegular />} onClick={() => setPasting(true)}>
            {t('grid.paste')}
          </Button>
        </>
      }
    >
      {opening && opening.sheets.length > 1 && source && (
        <TabList selectedValue={source.sheet} onTabSelect={(_, data) => void open(opening.doc, String(data.value))} size="small">
          {opening.sheets.map((s) => (
            <Tab key={s} value={s}>
              {s}
            </Tab>
          ))}
        </TabList>
      )}
      {loading && <Spinner size="small" label={t('grid.opening')} />}
      {!source && !loading && (
        <div className={styles.empty} onPaste={handlePaste} tabIndex={0} data-testid="table-empty">
          <TableSimpleRegular fontSize={32} aria-hidden="true" />
          <Text>{t('grid.empty')}</Text>
        </div>
      )}
      {source && (
        <div onPaste={handlePaste}>
          <SheetGrid rows={source.rows} selection={selection} onSelectionChange={setSelection} label={t('grid.gridLabel', { name: source.name, sheet: source.sheet })} revealed={revealed} />
        </div>
      )}
      {source && (
        <Text size={200} className={styles.summary} aria-live="polite" data-testid="selection-summary">
          {t('grid.summary', { name: source.name, rows: t('grid.rows', { count: source.rows.length }), selection: selectionText(selection) })}
        </Text>
      )}
      {pasting && <PasteDialog onPaste={applyPasted} onClose={() => setPasting(false)} />}
    </Section>
  );
}
