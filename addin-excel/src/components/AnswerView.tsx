import { Caption1, Card, makeStyles, MessageBar, MessageBarBody, Spinner, Text, tokens as t } from '@fluentui/react-components';
import { cellRefFromHref, decodeHref, flagText, linkAnswer, sourceUrl, type CitedSelection, type Claim, type ReadPassage } from '@intellio/api-client';
import { AnswerMarkdown } from '@intellio/webapp/answer-markdown';
import { useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../api';
import { answerWords, claimSummaryText } from '../checks';
import { openLink } from '../host/links';
import { selectCells } from '../host/navigate';
import type { Citation } from '../host/types';
import { SourceList } from './SourceList';
import { WhatWasRead } from './WhatWasRead';

const useStyles = makeStyles({
  summary: { color: t.colorNeutralForeground2 },
  warn: { color: t.colorPaletteRedForeground1 },
  // Cell and source citations are links of the shared Markdown component, told apart by their targets.
  text: { '& a[href^="#cell="], & a[href^="#source="]': { color: t.colorBrandForegroundLink, textDecorationLine: 'none' } },
  flag: { color: t.colorPaletteRedForeground1, fontWeight: t.fontWeightSemibold },
  unplaced: { margin: 0, paddingLeft: t.spacingHorizontalL, color: t.colorPaletteRedForeground1 },
});

export interface AnswerViewProps {
  answer: string;
  citations: Citation[];
  /** Checked statements; empty or missing on an old analysis. */
  claims?: Claim[];
  read?: ReadPassage[];
  /** The analysed cells: unqualified cell citations ([B2]) are on its sheet. */
  selection?: CitedSelection;
  cellCount?: number;
  running: boolean;
}

/**
 * The answer as it streams in, then checked: unsupported statements flagged with their reason, cell
 * citations that select their cells, sources labelled as the text cites them, and what was read.
 */
export function AnswerView({ answer, citations, claims, read, selection, cellCount, running }: AnswerViewProps) {
  const styles = useStyles();
  const { t } = useTranslation();
  const [error, setError] = useState<string | null>(null);
  const words = useMemo(() => answerWords(t), [t]);
  const linked = useMemo(() => linkAnswer(answer, { claims, citationIds: citations.map((c) => c.id), selection, words }), [answer, claims, citations, selection, words]);
  const summary = claimSummaryText(t, claims);
  const unsupported = claims?.some((c) => c.verdict === 'unsupported');

  const handleLink = (href: string) => {
    setError(null);
    const cell = cellRefFromHref(href, selection?.sheet ?? null);
    if (cell) {
      selectCells(cell).catch((err: unknown) => setError(t('pane.answer.selectFailed', { ref: `${cell.sheet ? `${cell.sheet}!` : ''}${cell.address}`, reason: err instanceof Error ? errorMessage(err, t) : t('pane.answer.excelRefused') })));
      return;
    }
    if (href.startsWith('#source=')) {
      const c = citations.find((x) => x.id === decodeHref(href.slice(8)));
      if (c) openLink(sourceUrl(c));
      return;
    }
    // Any other "#…" (a cell link with no cell in it) is somewhere in the pane, never a page to open.
    if (!href.startsWith('#')) openLink(href);
  };

  // A flag is a note on the sentence before it, not somewhere to go: drawn as text.
  const renderFlag = (href: string, children: ReactNode) =>
    href.startsWith('#flag=') ? (
      <strong className={styles.flag} data-testid="answer-flag">
        {children}
      </strong>
    ) : undefined;

  return (
    <Card data-testid="answer">
      {running && <Spinner size="tiny" label={t('pane.answer.writing')} labelPosition="after" />}
      {summary && (
        <Text size={200} className={unsupported ? styles.warn : styles.summary} data-testid="claims-summary">
          {summary}
        </Text>
      )}
      <div className={styles.text}>
        <AnswerMarkdown text={running ? answer : linked.markdown} testId="answer-text" onLink={handleLink} renderLink={renderFlag} />
      </div>
      {!running && linked.unplaced.length > 0 && (
        <ul className={styles.unplaced} data-testid="unplaced-flags">
          {linked.unplaced.map((c, i) => (
            <li key={i}>
              <Caption1>{`“${c.text}” — ${flagText(c, words)}`}</Caption1>
            </li>
          ))}
        </ul>
      )}
      {error && (
        <MessageBar intent="error" data-testid="select-error">
          <MessageBarBody>{error}</MessageBarBody>
        </MessageBar>
      )}
      <SourceList citations={citations} />
      <WhatWasRead read={read} cellCount={cellCount} cells={selection ? `${selection.sheet}: ${selection.ranges.map((r) => r.address).join(', ')}` : undefined} />
    </Card>
  );
}
