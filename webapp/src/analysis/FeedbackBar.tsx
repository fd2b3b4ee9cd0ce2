import { Button, makeStyles, Text, Textarea, tokens, ToggleButton } from '@fluentui/react-components';
import { ThumbDislikeRegular, ThumbLikeRegular } from '@fluentui/react-icons';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../forms/apiErrors';
import { useNotify } from '../notify/useNotify';
import { sendFeedback } from './analysisApi';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  row: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalS, flexWrap: 'wrap' },
});

interface FeedbackBarProps {
  analysisId: string;
}

/** Thumbs up/down with an optional comment; the rating is sent at once, the comment with "Send". */
export function FeedbackBar({ analysisId }: FeedbackBarProps) {
  const styles = useStyles();
  const notify = useNotify();
  const { t } = useTranslation();
  const [rating, setRating] = useState<'up' | 'down' | null>(null);
  const [comment, setComment] = useState('');
  const [sent, setSent] = useState(false);

  async function submit(next: 'up' | 'down', text?: string) {
    try {
      await sendFeedback(analysisId, { rating: next, ...(text ? { comment: text } : {}) });
      setRating(next);
      if (text) setSent(true);
    } catch (err) {
      notify('error', t('analyse.feedback.failed'), errorMessage(err));
    }
  }

  return (
    <div className={styles.root} data-testid="feedback">
      <div className={styles.row}>
        <Text size={200}>{t('analyse.feedback.question')}</Text>
        <ToggleButton size="small" checked={rating === 'up'} icon={<ThumbLikeRegular />} aria-label={t('analyse.feedback.helpful')} onClick={() => void submit('up')} />
        <ToggleButton size="small" checked={rating === 'down'} icon={<ThumbDislikeRegular />} aria-label={t('analyse.feedback.notHelpful')} onClick={() => void submit('down')} />
        {sent && <Text size={200}>{t('analyse.feedback.thanks')}</Text>}
      </div>
      {rating && !sent && (
        <div className={styles.row}>
          <Textarea
            aria-label={t('analyse.feedback.comment')}
            placeholder={t('analyse.feedback.commentPlaceholder')} value={comment} onChange={(_, d) => setComment(d.value)} resize="vertical" />
          <Button size="small" disabled={!comment.trim()} onClick={() => void submit(rating, comment.trim())}>
            {t('analyse.feedback.send')}
          </Button>
        </div>
      )}
    </div>
  );
}
