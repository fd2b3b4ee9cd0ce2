import { makeStyles, MessageBar, MessageBarBody, Spinner, Text, tokens } from '@fluentui/react-components';
import type { TFunction } from 'i18next';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { Analysis } from './analysisApi';
import { AnswerMarkdown } from './AnswerMarkdown';
import { CheckedAnswer } from './CheckedAnswer';
import { CitationList } from './CitationList';
import { FeedbackBar } from './FeedbackBar';
import { claimSummaryText } from './summaries';
import { WhatWasRead } from './WhatWasRead';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  meta: { color: tokens.colorNeutralForeground3 },
  checked: { color: tokens.colorNeutralForeground2 },
  warn: { color: tokens.colorPaletteDarkOrangeForeground2, fontWeight: tokens.fontWeightSemibold },
});

interface AnswerViewProps {
  analysis: Analysis | null;
  /** Text streamed so far (shown while the analysis runs). */
  streamed: string;
  running: boolean;
  error?: string | null;
}

function errorText(error: Analysis['error'], t: TFunction): string {
  if (!error) return t('analyse.failed');
  return typeof error === 'string' ? error : error.message;
}

/**
 * An answer as it streams in, then checked: how many statements were found in their sources, the unsupported
 * ones flagged in the text, citations that select cells or jump to their source, what was read, cost and the
 * feedback buttons.
 */
export function AnswerView({ analysis, streamed, running, error }: AnswerViewProps) {
  const styles = useStyles();
  const { t } = useTranslation();
  // Several answers can be on one page (history): their citation anchors must not collide.
  const scope = useId();
  const anchor = (id: string) => `${scope}-citation-${id}`;
  const text = analysis?.answer ?? streamed;
  const finished = analysis !== null && !running && analysis.answer !== null;
  const failed = error ?? (analysis?.status === 'failed' ? errorText(analysis.error, t) : null);
  const summary = finished ? claimSummaryText(analysis.claims, t) : null;
  const unsupported = analysis?.claims?.some((c) => c.verdict === 'unsupported') ?? false;
  return (
    <div className={styles.root} data-testid="answer" aria-busy={running}>
      {running && !text && <Spinner size="small" label={analysis?.status === 'queued' ? t('analyse.queued') : t('analyse.thinking')} />}
      {summary && (
        <Text size={200} className={unsupported ? styles.warn : styles.checked} data-testid="claims-summary">
          {summary}
        </Text>
      )}
      {finished ? <CheckedAnswer analysis={analysis} citationAnchor={anchor} /> : text && <AnswerMarkdown text={text} testId="answer-text" />}
      {failed && (
        <MessageBar intent="error">
          <MessageBarBody>{failed}</MessageBarBody>
        </MessageBar>
      )}
      {analysis && !running && <CitationList citations={analysis.citations} anchor={anchor} />}
      {analysis && !running && <WhatWasRead analysis={analysis} />}
      {analysis && analysis.status === 'succeeded' && !running && (
        <>
          <Text size={200} className={styles.meta}>
            {t('analyse.meta', { cells: t('analyse.cellCount', { count: analysis.cellCount }), count: analysis.tokensCharged ?? 0 })}
          </Text>
          <FeedbackBar analysisId={analysis.id} />
        </>
      )}
    </div>
  );
}
