import { Caption1, Card, Link, makeStyles, Spinner, tokens as t } from '@fluentui/react-components';
import { OCR_HINT } from '@intellio/api-client';
import type { Citation } from '../host/types';
import { openLink } from '../host/links';
import { AnswerMarkdown } from '@intellio/webapp/answer-markdown';

const useStyles = makeStyles({
  citations: { margin: 0, paddingLeft: t.spacingHorizontalL, display: 'flex', flexDirection: 'column', gap: t.spacingVerticalXS },
  quote: { display: 'block', color: t.colorNeutralForeground3, overflowWrap: 'anywhere' },
  ocr: { color: t.colorPaletteMarigoldForeground2 },
});

export interface AnswerViewProps {
  answer: string;
  citations: Citation[];
  running: boolean;
}

/** The answer as it streams in, then its sources with links that open outside Office. */
export function AnswerView({ answer, citations, running }: AnswerViewProps) {
  const styles = useStyles();
  return (
    <Card data-testid="answer">
      {running && <Spinner size="tiny" label="Writing the answer…" labelPosition="after" />}
      <AnswerMarkdown text={answer} testId="answer-text" onLink={openLink} />
      {citations.length > 0 && (
        <ol className={styles.citations} data-testid="citations">
          {citations.map((c) => (
            <li key={c.id} data-testid="citation">
              <Link
                href={c.url}
                onClick={(e) => {
                  e.preventDefault();
                  openLink(c.url);
                }}
              >
                {c.documentName}
                {c.page ? `, page ${c.page}` : ''}
              </Link>
              {c.ocr && (
                <Caption1 className={styles.ocr} data-testid="citation-ocr" title={OCR_HINT}>
                  {' '}· scanned page, read by OCR
                </Caption1>
              )}
              <Caption1 className={styles.quote}>“{c.quote}”</Caption1>
            </li>
          ))}
        </ol>
      )}
    </Card>
  );
}
