import { Accordion, AccordionHeader, AccordionItem, AccordionPanel, Link, makeStyles, Text, tokens } from '@fluentui/react-components';
import { sourceUrl } from '@intellio/api-client';
import { useTranslation } from 'react-i18next';
import type { Analysis } from './analysisApi';
import { readSummaryText, sourceText } from './summaries';

const useStyles = makeStyles({
  list: { margin: 0, paddingLeft: tokens.spacingHorizontalXL, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXXS },
  id: { fontFamily: tokens.fontFamilyMonospace, color: tokens.colorNeutralForeground3 },
  cells: { color: tokens.colorNeutralForeground2, overflowWrap: 'anywhere' },
});

/** "sales.csv A1:C7", "Budget.xlsx, Sheet2 B2:D9, F2": a CSV's one sheet bears the file's name, said once. */
function cellsRead(selection: Analysis['selection']): string {
  const { workbook, sheet, ranges } = selection;
  const where = workbook && workbook !== sheet ? `${workbook}, ${sheet}` : sheet;
  return `${where} ${ranges.map((r) => r.address).join(', ')}`;
}

interface WhatWasReadProps {
  analysis: Analysis;
}

/**
 * Everything the answer was built from, cited or not: the passages given to the model (document, page, a
 * link to open it) and the selected cells. Collapsed by default; absent for an older analysis that did not
 * record what it read.
 */
export function WhatWasRead({ analysis }: WhatWasReadProps) {
  const styles = useStyles();
  const { t } = useTranslation();
  const { read, cellCount } = analysis;
  const summary = readSummaryText(read, cellCount, t);
  if (!read || !summary) return null;
  return (
    <Accordion collapsible data-testid="what-was-read">
      <AccordionItem value="read">
        <AccordionHeader size="small">{summary}</AccordionHeader>
        <AccordionPanel>
          <ul className={styles.list}>
            {read.map((p) => (
              <li key={p.id} data-testid="read-passage">
                <span className={styles.id}>[{p.id}]</span>{' '}
                <Link href={sourceUrl(p)} target="_blank" rel="noopener noreferrer">
                  {sourceText(p, t)}
                </Link>
              </li>
            ))}
          </ul>
          <Text block size={200} className={styles.cells} data-testid="read-cells">
            {t('analyse.read.cells', { cells: cellsRead(analysis.selection) })}
          </Text>
        </AccordionPanel>
      </AccordionItem>
    </Accordion>
  );
}
