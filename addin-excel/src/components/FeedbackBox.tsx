import { Button, Caption1, Field, makeStyles, MessageBar, MessageBarBody, Textarea, ToggleButton, tokens as t } from '@fluentui/react-components';
import { ThumbDislikeRegular, ThumbLikeRegular } from '@fluentui/react-icons';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage, type PaneClient } from '../api';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: t.spacingVerticalS },
  thumbs: { display: 'flex', alignItems: 'center', gap: t.spacingHorizontalS },
});

export interface FeedbackBoxProps {
  client: PaneClient;
  analysisId: string;
}

/** Thumbs up or down on an answer, with an optional comment and a corrected answer; then a thank-you. */
export function FeedbackBox({ client, analysisId }: FeedbackBoxProps) {
  const styles = useStyles();
  const { t } = useTranslation();
  const [rating, setRating] = useState<'up' | 'down' | null>(null);
  const [comment, setComment] = useState('');
  const [corrected, setCorrected] = useState('');
  const [sending, setSending] = useState(false);
  const [sent, setSent] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const handleSend = async () => {
    if (!rating) return;
    setSending(true);
    setError(null);
    try {
      await client.analyses.feedback(analysisId, {
        rating,
        ...(comment.trim() ? { comment: comment.trim() } : {}),
        ...(corrected.trim() ? { correctedAnswer: corrected.trim() } : {}),
      });
      setSent(true);
    } catch (err) {
      setError(errorMessage(err, t));
    } finally {
      setSending(false);
    }
  };

  if (sent) {
    return (
      <MessageBar intent="success" data-testid="feedback-thanks">
        <MessageBarBody>{t('pane.feedback.thanks')}</MessageBarBody>
      </MessageBar>
    );
  }
  return (
    <div className={styles.root} data-testid="feedback">
      <div className={styles.thumbs}>
        <Caption1>{t('pane.feedback.question')}</Caption1>
        <ToggleButton size="small" icon={<ThumbLikeRegular />} checked={rating === 'up'} onClick={() => setRating('up')} aria-label={t('pane.feedback.up')} title={t('pane.feedback.up')} data-testid="feedback-up" />
        <ToggleButton size="small" icon={<ThumbDislikeRegular />} checked={rating === 'down'} onClick={() => setRating('down')} aria-label={t('pane.feedback.down')} title={t('pane.feedback.down')} data-testid="feedback-down" />
      </div>
      {rating && (
        <>
          <Field label={t('pane.feedback.comment')}>
            <Textarea value={comment} onChange={(_, d) => setComment(d.value)} data-testid="feedback-comment" resize="vertical" />
          </Field>
          <Field label={t('pane.feedback.corrected')}>
            <Textarea value={corrected} onChange={(_, d) => setCorrected(d.value)} data-testid="feedback-corrected" resize="vertical" />
          </Field>
          <Button appearance="primary" disabled={sending} onClick={handleSend} data-testid="feedback-send">
            {sending ? t('pane.feedback.sending') : t('pane.feedback.send')}
          </Button>
        </>
      )}
      {error && (
        <MessageBar intent="error" data-testid="feedback-error">
          <MessageBarBody>{error}</MessageBarBody>
        </MessageBar>
      )}
    </div>
  );
}
