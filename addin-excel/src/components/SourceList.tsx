import { Caption1, Link, makeStyles, tokens as t } from '@fluentui/react-components';
import { sourceUrl } from '@intellio/api-client';
import { useTranslation } from 'react-i18next';
import { sourceLabelText } from '../checks';
import { openLink } from '../host/links';
import type { Citation } from '../host/types';

const useStyles = makeStyles({
  list: { margin: 0, padding: 0, listStyleType: 'none', display: 'flex', flexDirection: 'column', gap: t.spacingVerticalXS },
  id: { fontWeight: t.fontWeightSemibold, marginRight: t.spacingHorizontalXS },
  quote: { display: 'block', color: t.colorNeutralForeground3, overflowWrap: 'anywhere' },
  ocr: { color: t.colorPaletteMarigoldForeground2 },
});

export interface SourceListProps {
  citations: Citation[];
}

/**
 * The answer's sources, each labelled by the id the text cites it with ([P3]), linking to the stable app
 * link (the signed download link only for an old analysis without one).
 */
export function SourceList({ citations }: SourceListProps) {
  const styles = useStyles();
  const { t } = useTranslation();
  if (!citations.length) return null;
  return (
    <ul className={styles.list} data-testid="citations">
      {citations.map((c) => (
        <li key={c.id} id={`source-${c.id}`} data-testid="citation">
          <span className={styles.id} data-testid="citation-label">
            [{c.id}]
          </span>
          <Link
            href={sourceUrl(c)}
            onClick={(e) => {
              e.preventDefault();
              openLink(sourceUrl(c));
            }}
          >
            {sourceLabelText(t, c)}
          </Link>
          {c.ocr && (
            <Caption1 className={styles.ocr} data-testid="citation-ocr" title={t('pane.answer.ocrHint')}>
              {` ${t('pane.answer.ocr')}`}
            </Caption1>
          )}
          <Caption1 className={styles.quote}>{`“${c.quote}”`}</Caption1>
        </li>
      ))}
    </ul>
  );
}
