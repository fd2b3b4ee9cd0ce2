import { Badge, Button, makeStyles, Text, tokens } from '@fluentui/react-components';
import { OpenRegular } from '@fluentui/react-icons';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { Citation } from './analysisApi';
import { sourceText } from './summaries';

const useStyles = makeStyles({
  list: { listStyleType: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  item: {
    display: 'grid',
    gridTemplateColumns: 'minmax(0, 1fr) auto',
    gap: tokens.spacingHorizontalM,
    alignItems: 'start',
    padding: tokens.spacingHorizontalS,
    borderLeft: `3px solid ${tokens.colorBrandStroke1}`,
    backgroundColor: tokens.colorNeutralBackground2,
    borderRadius: tokens.borderRadiusMedium,
    outlineStyle: 'none',
    // Reached from a [P3] in the answer: shown as the one being read.
    ':focus': { outline: `2px solid ${tokens.colorStrokeFocus2}` },
  },
  quote: { fontStyle: 'italic', color: tokens.colorNeutralForeground2, overflowWrap: 'anywhere' },
  ocr: { marginLeft: tokens.spacingHorizontalS, verticalAlign: 'middle' },
});

interface CitationListProps {
  citations: Citation[];
  /** Element id of each entry, so the answer's [P3] can jump to it. */
  anchor(id: string): string;
}

/** "Open page 7" ("7쪽 열기"), or "Open" for a file without pages: the link opens the file in the browser. */
export const openLabel = (page: number | null, t: TFunction) => (page ? t('analyse.openPage', { page }) : t('analyse.open'));

/**
 * Sources of an answer, labelled by the ids the answer cites them with ([P3]): document, page and the quoted
 * passage, each with a button that opens the file in the browser at the cited page.
 */
export function CitationList({ citations, anchor }: CitationListProps) {
  const styles = useStyles();
  const { t } = useTranslation();
  if (!citations.length) return null;
  return (
    <ol className={styles.list} aria-label={t('analyse.citations')}>
      {citations.map((c) => (
        <li key={c.id} id={anchor(c.id)} tabIndex={-1} className={styles.item} data-testid="citation" data-citation={c.id}>
          <div>
            <Text weight="semibold" data-testid="citation-source">
              [{c.id}] {sourceText(c, t)}
            </Text>
            {c.ocr && (
              <Badge appearance="outline" color="warning" size="small" className={styles.ocr} title={t('analyse.ocrHint')} data-testid="citation-ocr">
                {t('analyse.ocrBadge')}
              </Badge>
            )}
            <Text block size={200} className={styles.quote} data-testid="citation-quote">
              “{c.quote}”
            </Text>
          </div>
          {/* A signed link: it works in a new tab without the session, and opens the PDF at the page. */}
          <Button as="a" href={c.url} target="_blank" rel="noopener noreferrer" size="small" icon={<OpenRegular />} data-testid="citation-download">
            {openLabel(c.page, t)}
          </Button>
        </li>
      ))}
    </ol>
  );
}
