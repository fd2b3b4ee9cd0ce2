import { makeStyles, tokens } from '@fluentui/react-components';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { AnalysePanel } from '../analysis/AnalysePanel';
import { DocumentsSection } from '../documents/DocumentsSection';
import { useProjectDocuments } from '../documents/useProjectDocuments';
import { CellLinksContext, cellLinksFor } from '../grid/CellLinks';
import { selectionPayload } from '../grid/selectionPayload';
import { TableSection } from '../grid/TableSection';
import { useSelectionText } from '../grid/useSelectionText';
import { useTableData } from '../grid/useTableData';
import { TryExample } from './TryExample';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL, minWidth: 0 },
});

interface ProjectWorkspaceProps {
  projectId: string;
}

/**
 * The body of a project page: documents (with "Add file"), then the table section, then the analyse panel,
 * whose answers' cell citations select cells in the table.
 */
export function ProjectWorkspace({ projectId }: ProjectWorkspaceProps) {
  const styles = useStyles();
  const { t } = useTranslation();
  const selectionText = useSelectionText();
  const docs = useProjectDocuments(projectId);
  const table = useTableData();
  const { source, selection, selectRange } = table;
  const payload = useMemo(() => (source ? selectionPayload(source.rows, selection, source.sheet, source.name) : null), [source, selection]);
  const cellLinks = useMemo(() => cellLinksFor({ source, selectRange }, t), [source, selectRange, t]);
  return (
    <div className={styles.root}>
      <TryExample projectId={projectId} documents={docs.documents} table={table} />
      <DocumentsSection docs={docs} />
      <TableSection documents={docs.documents ?? []} table={table} />
      <CellLinksContext.Provider value={cellLinks}>
        <AnalysePanel projectId={projectId} selection={payload} selectionText={source ? selectionText(selection) : null} />
      </CellLinksContext.Provider>
    </div>
  );
}
