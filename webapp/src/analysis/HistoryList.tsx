import { Accordion, AccordionHeader, AccordionItem, AccordionPanel, Badge, makeStyles, Skeleton, SkeletonItem, Text, tokens } from '@fluentui/react-components';
import { intlLocale } from '@intellio/i18n';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../forms/apiErrors';
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
  const { t } = useTranslation();
  const [items, setItems] = useState<Analysis[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    listAnalyses(projectId)
      .then(setItems)
      .catch((err: unknown) => setError(errorMessage(err)));
  }, [projectId, version]);

  const dateTime = new Intl.DateTimeFormat(intlLocale(), { dateStyle: 'medium', timeStyle: 'short' });
  if (error) return <Text className={styles.empty}>{t('analyse.history.loadFailed', { error })}</Text>;
  if (!items)
    return (
      <Skeleton aria-label={t('analyse.history.loading')}>
        <SkeletonItem size={24} />
      </Skeleton>
    );
  if (!items.length)
    return (
      <Text className={styles.empty} data-testid="history-empty">
        {t('analyse.history.empty')}
      </Text>
    );
  return (
    <Accordion collapsible data-testid="history">
      {items.map((a) => (
        <AccordionItem key={a.id} value={a.id} data-testid="history-item">
          <AccordionHeader>
            <span className={styles.head}>
              <Badge appearance="tint" color={a.status === 'succeeded' ? 'success' : a.status === 'failed' ? 'danger' : 'informative'}>
                {t(`analyse.history.status.${a.status}`)}
              </Badge>
              <Text className={styles.prompt}>{a.prompt || a.refinedPrompt}</Text>
              <Text size={200} className={styles.meta}>
                {dateTime.format(new Date(a.createdAt))}
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
