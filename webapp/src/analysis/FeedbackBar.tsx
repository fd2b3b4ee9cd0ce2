import { Button, makeStyles, Text, Textarea, tokens, ToggleButton } from '@fluentui/react-components';
import { ThumbDislikeRegular, ThumbLikeRegular } from '@fluentui/react-icons';
import { useState } from 'react';
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
  const [rating, setRating] = useState<'up' | 'down' | null>(null);
  const [comment, setComment] = useState('');
  const [sent, setSent] = useState(false);

  async function submit(next: 'up' | 'down', text?: string) {
    try {
      await sendFeedback(analysisId, { rating: next, ...(text ? { comment: text } : {}) });
      setRating(next);
      if (text) setSent(true);
    } catch (err) {
      notify('error', 'Could not send feedback', err instanceof Error ? err.message : undefined);
    }
  }

  return (
    <div className={styles.root} data-testid="feedback">
      <div className={styles.row}>
        <Text size={200}>Was this helpful?</Text>
        <ToggleButton size="small" checked={rating === 'up'} icon={<ThumbLikeRegular />} aria-label="Helpful" onClick={() => void submit('up')} />
        <ToggleButton size="small" checked={rating === 'down'} icon={<ThumbDislikeRegular />} aria-label="Not helpful" onClick={() => void submit('down')} />
        {sent && <Text size={200}>Thanks, noted.</Text>}
      </div>
      {rating && !sent && (
        <div className={styles.row}>
          <Textarea aria-label="Comment" placeholder="What was right or wrong? (optional)" value={comment} onChange={(_, d) => setComment(d.value)} resize="vertical" />
          <Button size="small" disabled={!comment.trim()} onClick={() => void submit(rating, comment.trim())}>
            Send comment
          </Button>
        </div>
      )}
    </div>
  );
}
