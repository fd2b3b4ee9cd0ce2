import { Accordion, AccordionHeader, AccordionItem, AccordionPanel, Badge, makeStyles, Skeleton, SkeletonItem, Text, tokens } from '@fluentui/react-components';
import { useEffect, useState } from 'react';
import { listAnalyses, type Analysis } from './analysisApi';
import { AnswerView } from './AnswerView';

const useStyles = makeStyles({
  head: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'center', minWidth: 0 },
  prompt: { overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap', minWidth: 0 },
  meta: { color: tokens.colorNeutralForeground3, flexShrink: 0 },
  empty: { color: tokens.colorNeutralForeground3 },
});

interface HistoryListProps {
  projectId: string;
  /** Bumped after each new analysis so the list reloads. */
  version: number;
}

/** Past analyses of the project, newest first; each opens to its answer and citations. */
export function HistoryList({ projectId, version }: HistoryListProps) {
  const styles = useStyles();
  const [items, setItems] = useState<Analysis[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    listAnalyses(projectId)
      .then(setItems)
      .catch((err: unknown) => setError(err instanceof Error ? err.message : 'Could not load the history.'));
  }, [projectId, version]);

  if (error) return <Text className={styles.empty}>Could not load the history: {error}</Text>;
  if (!items)
    return (
      <Skeleton aria-label="Loading history">
        <SkeletonItem size={24} />
      </Skeleton>
    );
  if (!items.length) return <Text className={styles.empty} data-testid="history-empty">No analyses in this project yet.</Text>;
  return (
    <Accordion collapsible data-testid="history">
      {items.map((a) => (
        <AccordionItem key={a.id} value={a.id} data-testid="history-item">
          <AccordionHeader>
            <span className={styles.head}>
              <Badge appearance="tint" color={a.status === 'succeeded' ? 'success' : a.status === 'failed' ? 'danger' : 'informative'}>
                {a.status}
              </Badge>
              <Text className={styles.prompt}>{a.prompt || a.refinedPrompt}</Text>
              <Text size={200} className={styles.meta}>
                {new Date(a.createdAt).toLocaleString()}
              </Text>
            </span>
          </AccordionHeader>
          <AccordionPanel>
            <AnswerView analysis={a} streamed="" running={false} />
          </AccordionPanel>
        </AccordionItem>
      ))}
    </Accordion>
  );
}
