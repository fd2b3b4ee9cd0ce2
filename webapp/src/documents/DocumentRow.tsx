import { Badge, Button, makeStyles, ProgressBar, Text, tokens } from '@fluentui/react-components';
import { ArrowClockwiseRegular, DeleteRegular, DocumentRegular } from '@fluentui/react-icons';
import type { ProjectDocument } from './documentsApi';
import { formatBytes } from './formatBytes';
import { pageList } from './pageList';

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

const STATUS: Record<ProjectDocument['status'], { label: string; color: 'informative' | 'warning' | 'success' | 'danger' }> = {
  queued: { label: 'Queued', color: 'informative' },
  processing: { label: 'Embedding', color: 'warning' },
  ready: { label: 'Ready', color: 'success' },
  failed: { label: 'Failed', color: 'danger' },
};

interface DocumentRowProps {
  doc: ProjectDocument;
  onDelete(doc: ProjectDocument): void;
  onRetry(doc: ProjectDocument): void;
}

/** One document: name, pages, size, pages read by OCR, status with live embedding progress, and its actions. */
export function DocumentRow({ doc, onDelete, onRetry }: DocumentRowProps) {
  const styles = useStyles();
  const status = STATUS[doc.status];
  const percent = Math.round(Math.max(0, Math.min(100, doc.progress)));
  return (
    <li className={styles.root} data-testid="document-row" data-status={doc.status} data-document-id={doc.id}>
      <DocumentRegular aria-hidden="true" />
      <div>
        <Text className={styles.name} block>
          {doc.filename}
        </Text>
        <span className={styles.meta}>
          <Text size={200}>{doc.pages ? `${doc.pages} page${doc.pages === 1 ? '' : 's'}` : '—'}</Text>
          <Text size={200}>{formatBytes(doc.bytes)}</Text>
          {doc.ocrPages > 0 && (
            <Text size={200} data-testid="document-ocr" title="Text recognised from scanned pages: quotes from them may hold recognition errors.">
              {`${doc.ocrPages} scanned page${doc.ocrPages === 1 ? '' : 's'} read by OCR`}
              {doc.ocrPageNumbers.length > 0 && ` (${pageList(doc.ocrPageNumbers)})`}
            </Text>
          )}
          <Badge appearance="tint" color={status.color} data-testid="document-status">
            {status.label}
            {doc.status === 'processing' ? ` ${percent}%` : ''}
          </Badge>
        </span>
      </div>
      <span className={styles.actions}>
        {doc.status === 'failed' && (
          <Button size="small" icon={<ArrowClockwiseRegular />} onClick={() => onRetry(doc)}>
            Retry
          </Button>
        )}
        <Button size="small" appearance="subtle" icon={<DeleteRegular />} aria-label={`Delete ${doc.filename}`} onClick={() => onDelete(doc)} />
      </span>
      {(doc.status === 'processing' || doc.status === 'queued') && (
        <ProgressBar className={styles.wide} value={doc.status === 'queued' ? undefined : percent / 100} aria-label={`Embedding ${doc.filename}`} />
      )}
      {doc.status === 'failed' && (
        <Text size={200} className={`${styles.wide} ${styles.failure}`} data-testid="document-error">
          {doc.error ?? 'Processing failed.'}
        </Text>
      )}
    </li>
  );
}
