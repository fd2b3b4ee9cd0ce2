import { makeStyles, MessageBar, MessageBarBody, Spinner, Text, tokens } from '@fluentui/react-components';
import type { Analysis } from './analysisApi';
import { AnswerMarkdown } from './AnswerMarkdown';
import { CitationList } from './CitationList';
import { FeedbackBar } from './FeedbackBar';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  meta: { color: tokens.colorNeutralForeground3 },
});

interface AnswerViewProps {
  analysis: Analysis | null;
  /** Text streamed so far (shown while the analysis runs). */
  streamed: string;
  running: boolean;
  error?: string | null;
}

function errorText(error: Analysis['error']): string {
  if (!error) return 'The analysis failed.';
  return typeof error === 'string' ? error : error.message;
}

/** An answer as it streams in, then with its citations, cost and the feedback buttons. */
export function AnswerView({ analysis, streamed, running, error }: AnswerViewProps) {
  const styles = useStyles();
  const text = analysis?.answer ?? streamed;
  const failed = error ?? (analysis?.status === 'failed' ? errorText(analysis.error) : null);
  return (
    <div className={styles.root} data-testid="answer" aria-busy={running}>
      {running && !text && <Spinner size="small" label={analysis?.status === 'queued' ? 'Queued…' : 'Thinking…'} />}
      {text && (
        <AnswerMarkdown text={text} testId="answer-text" />
      )}
      {failed && (
        <MessageBar intent="error">
          <MessageBarBody>{failed}</MessageBarBody>
        </MessageBar>
      )}
      {analysis && !running && <CitationList citations={analysis.citations} />}
      {analysis && analysis.status === 'succeeded' && !running && (
        <>
          <Text size={200} className={styles.meta}>
            {analysis.cellCount} cells · {analysis.tokensCharged ?? 0} tokens
          </Text>
          <FeedbackBar analysisId={analysis.id} />
        </>
      )}
    </div>
  );
}
