import { Badge, Button, makeStyles, ProgressBar, Text, tokens } from '@fluentui/react-components';
import { ArrowClockwiseRegular, DeleteRegular, DocumentRegular } from '@fluentui/react-icons';
import { useTranslation } from 'react-i18next';
import type { ProjectDocument } from './documentsApi';
import { formatBytes } from './formatBytes';
import { pageRuns } from './pageList';

const useStyles = makeStyles({
  root: {
    display: 'grid',
    gridTemplateColumns: 'auto minmax(0, 1fr) auto',
    alignItems: 'center',
    gap: `${tokens.spacingVerticalXXS} ${tokens.spacingHorizontalM}`,
    padding: `${tokens.spacingVerticalS} 0`,
    borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke3}`,
  },
  name: { overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap', fontWeight: tokens.fontWeightSemibold },
  meta: { display: 'flex', gap: tokens.spacingHorizontalM, flexWrap: 'wrap', color: tokens.colorNeutralForeground3 },
  actions: { display: 'flex', gap: tokens.spacingHorizontalXS },
  wide: { gridColumn: '2 / 4' },
  failure: { color: tokens.colorPaletteRedForeground1 },
});

const STATUS_COLOR: Record<ProjectDocument['status'], 'informative' | 'warning' | 'success' | 'danger'> = {
  queued: 'informative',
  processing: 'warning',
  ready: 'success',
  failed: 'danger',
};

interface DocumentRowProps {
  doc: ProjectDocument;
  onDelete(doc: ProjectDocument): void;
  onRetry(doc: ProjectDocument): void;
}

/**
 * One document: name, its length (pages, or rows for a spreadsheet, which has no pages), size, pages read by
 * OCR, status with live embedding progress, and its actions.
 */
export function DocumentRow({ doc, onDelete, onRetry }: DocumentRowProps) {
  const styles = useStyles();
  const { t } = useTranslation();
  const percent = Math.round(Math.max(0, Math.min(100, doc.progress)));
  const ocrPages = doc.ocrPageNumbers.length === 1 ? 'docList.pageListOne' : 'docList.pageListMany';
  let length = '—';
  if (doc.pages) length = t('docList.pages', { count: doc.pages });
  else if (doc.rowCount != null) length = t('docList.rows', { count: doc.rowCount });
  return (
    <li className={styles.root} data-testid="document-row" data-status={doc.status} data-document-id={doc.id}>
      <DocumentRegular aria-hidden="true" />
      <div>
        <Text className={styles.name} block>
          {doc.filename}
        </Text>
        <span className={styles.meta}>
          <Text size={200} data-testid="document-length">
            {length}
          </Text>
          <Text size={200}>{formatBytes(doc.bytes)}</Text>
          {doc.ocrPages > 0 && (
            <Text size={200} data-testid="document-ocr" title={t('docList.ocrHint')}>
              {t('docList.ocrPages', { count: doc.ocrPages })}
              {doc.ocrPageNumbers.length > 0 && ` (${t(ocrPages, { pages: pageRuns(doc.ocrPageNumbers) })})`}
            </Text>
          )}
          <Badge appearance="tint" color={STATUS_COLOR[doc.status]} data-testid="document-status">
            {t(`docList.status.${doc.status}`)}
            {doc.status === 'processing' ? ` ${percent}%` : ''}
          </Badge>
        </span>
      </div>
      <span className={styles.actions}>
        {doc.status === 'failed' && (
          <Button size="small" icon={<ArrowClockwiseRegular />} onClick={() => onRetry(doc)}>
            {t('docList.retry')}
          </Button>
        )}
        <Button size="small" appearance="subtle" icon={<DeleteRegular />} aria-label={t('docList.deleteNamed', { filename: doc.filename })} onClick={() => onDelete(doc)} />
      </span>
      {(doc.status === 'processing' || doc.status === 'queued') && (
        <ProgressBar className={styles.wide} value={doc.status === 'queued' ? undefined : percent / 100} aria-label={t('docList.embedding', { filename: doc.filename })} />
      )}
      {doc.status === 'failed' && (
        <Text size={200} className={`${styles.wide} ${styles.failure}`} data-testid="document-error">
          {doc.error ?? t('docList.processingFailed')}
        </Text>
      )}
    </li>
  );
}
