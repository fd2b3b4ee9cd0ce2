import {
  Button,
  makeStyles,
  ProgressBar,
  Skeleton,
  SkeletonItem,
  Text,
  tokens,
} from '@fluentui/react-components';
import { ArrowUploadRegular } from '@fluentui/react-icons';
import { useRef, type ChangeEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Section } from '../layout/Section';
import { DocumentRow } from './DocumentRow';
import { useFileDrop } from './useFileDrop';
import { formatBytes } from './formatBytes';
import type { ProjectDocuments } from './useProjectDocuments';

const useStyles = makeStyles({
  list: { listStyleType: 'none', margin: 0, padding: 0 },
  upload: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXXS },
  empty: { color: tokens.colorNeutralForeground3 },
  hidden: { display: 'none' },
  dropZone: { position: 'relative' },
  dropping: {
    position: 'absolute',
    inset: 0,
    zIndex: 1,
    display: 'flex',
    alignItems: 'center',
    justifyContent: 'center',
    gap: tokens.spacingHorizontalS,
    borderRadius: tokens.borderRadiusLarge,
    border: `${tokens.strokeWidthThick} dashed ${tokens.colorBrandStroke1}`,
    backgroundColor: tokens.colorBrandBackground2,
    color: tokens.colorBrandForeground1,
    fontWeight: tokens.fontWeightSemibold,
    pointerEvents: 'none', // the drop lands on the zone beneath
  },
});

/** What the backend reads (documents/detect.ts); .xls is kept so its owner hears how to convert it. */
const ACCEPTED = '.pdf,.docx,.hwpx,.hwp,.xlsx,.xls,.csv,.txt,.md';

interface DocumentsSectionProps {
  docs: ProjectDocuments;
}

/** The project's documents, with the "Add file" button (it sits above the table section, seed 11); files dropped on it upload too. */
export function DocumentsSection({ docs }: DocumentsSectionProps) {
  const styles = useStyles();
  const { t } = useTranslation();
  const input = useRef<HTMLInputElement>(null);
  const { documents, error, uploads, upload, remove, retry } = docs;
  const drop = useFileDrop((files) => void upload(files));

  function handleFiles(event: ChangeEvent<HTMLInputElement>) {
    const files = Array.from(event.target.files ?? []);
    event.target.value = '';
    if (files.length) void upload(files);
  }

  return (
    <div className={styles.dropZone} {...drop.handlers} data-testid="documents-drop">
      {drop.dragging && (
        <div className={styles.dropping} data-testid="documents-dropping">
          <ArrowUploadRegular aria-hidden="true" />
          {t('docList.dropHere')}
        </div>
      )}
      <Section
        title={t('docList.title')}
        testId="documents-section"
        actions={
          <>
            <input
              ref={input}
              className={styles.hidden}
              type="file"
              multiple
              onChange={handleFiles}
              data-testid="file-input"
              accept={ACCEPTED}
            />
            <Button appearance="primary" icon={<ArrowUploadRegular />} onClick={() => input.current?.click()}>
              {t('docList.addFile')}
            </Button>
          </>
        }
      >
        {uploads.map((u) => (
          <div key={u.key} className={styles.upload} data-testid="upload-progress">
            <Text size={200}>{t('docList.uploading', { filename: u.filename, loaded: formatBytes(u.loaded), total: formatBytes(u.total) })}</Text>
            <ProgressBar
              value={u.total ? u.loaded / u.total : undefined}
              aria-label={t('docList.uploadingLabel', { filename: u.filename })}
            />
          </div>
        ))}
        {error && <Text className={styles.empty}>{t('docList.loadFailed', { error })}</Text>}
        {!documents && !error && (
          <Skeleton aria-label={t('docList.loading')}>
            <SkeletonItem size={32} />
          </Skeleton>
        )}
        {documents && documents.length === 0 && uploads.length === 0 && (
          <Text className={styles.empty} data-testid="documents-empty">
            {t('docList.empty')}
          </Text>
        )}
        {documents && documents.length > 0 && (
          <ul className={styles.list}>
            {documents.map((doc) => (
              <DocumentRow
                key={doc.id}
                doc={doc}
                onDelete={(d) => void remove(d)}
                onRetry={(d) => void retry(d)}
              />
            ))}
          </ul>
        )}
      </Section>
    </div>
  );
}
