import { Accordion, AccordionHeader, AccordionItem, AccordionPanel, Caption1, Link, makeStyles, tokens as t } from '@fluentui/react-components';
import { sourceUrl, type ReadPassage } from '@intellio/api-client';
import { useTranslation } from 'react-i18next';
import { readSummaryText, sourceLabelText } from '../checks';
import { openLink } from '../host/links';

const useStyles = makeStyles({
  list: { margin: 0, paddingLeft: t.spacingHorizontalL, display: 'flex', flexDirection: 'column', gap: t.spacingVerticalXXS },
  cells: { color: t.colorNeutralForeground3, overflowWrap: 'anywhere' },
});

export interface WhatWasReadProps {
  read?: ReadPassage[];
  cellCount?: number;
  /** "Sheet1: A1:B3, D1:D3": the analysed cells. */
  cells?: string;
}

/**
 * Everything the answer was built from, cited or not: the passages given to the model and the cells.
 * Collapsed by default; absent for an old analysis that did not record it.
 */
export function WhatWasRead({ read, cellCount, cells }: WhatWasReadProps) {
  const styles = useStyles();
  const { t } = useTranslation();
  const summary = readSummaryText(t, read, cellCount);
  if (!summary || !read) return null;
  return (
    <Accordion collapsible data-testid="what-was-read">
      <AccordionItem value="read">
        <AccordionHeader size="small">{summary}</AccordionHeader>
        <AccordionPanel>
          <ul className={styles.list}>
            {read.map((p) => (
              <li key={p.id} data-testid="read-passage">
                {`[${p.id}] `}
                <Link
                  href={sourceUrl(p)}
                  onClick={(e) => {
                    e.preventDefault();
                    openLink(sourceUrl(p));
                  }}
                >
                  {sourceLabelText(t, p)}
                </Link>
              </li>
            ))}
          </ul>
          {cells && <Caption1 className={styles.cells} data-testid="read-cells">{t('pane.answer.cells', { cells })}</Caption1>}
        </AccordionPanel>
      </AccordionItem>
    </Accordion>
  );
}
