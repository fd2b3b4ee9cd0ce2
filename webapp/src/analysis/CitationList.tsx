import { Badge, Button, makeStyles, Text, tokens } from '@fluentui/react-components';
import { ArrowDownloadRegular } from '@fluentui/react-icons';
import { OCR_HINT } from '@intellio/api-client';
import type { Citation } from './analysisApi';

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
  },
  quote: { fontStyle: 'italic', color: tokens.colorNeutralForeground2, overflowWrap: 'anywhere' },
  ocr: { marginLeft: tokens.spacingHorizontalS, verticalAlign: 'middle' },
});

interface CitationListProps {
  citations: Citation[];
}

/** Sources of an answer: document, page and the quoted passage, each with a download of the cited file. */
export function CitationList({ citations }: CitationListProps) {
  const styles = useStyles();
  if (!citations.length) return null;
  return (
    <ol className={styles.list} aria-label="Citations">
      {citations.map((c, i) => (
        <li key={c.id} className={styles.item} data-testid="citation">
          <div>
            <Text weight="semibold" data-testid="citation-source">
              [{i + 1}] {c.documentName}
              {c.page ? `, page ${c.page}` : c.location ? `, ${c.location}` : ''}
            </Text>
            {c.ocr && (
              <Badge appearance="outline" color="warning" size="small" className={styles.ocr} title={OCR_HINT} data-testid="citation-ocr">
                Scanned · OCR
              </Badge>
            )}
            <Text block size={200} className={styles.quote}>
              “{c.quote}”
            </Text>
          </div>
          {/* A signed link: it works in a new tab without the session, and opens the PDF at the page. */}
          <Button as="a" href={c.url} target="_blank" rel="noopener noreferrer" size="small" icon={<ArrowDownloadRegular />} data-testid="citation-download">
            Download
          </Button>
        </li>
      ))}
    </ol>
  );
}
