import { makeStyles, Text, tokens } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import { describeAction, formatDateTime } from './format';
import type { ActivityItem } from './usageApi';

const useStyles = makeStyles({
  list: { listStyle: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS },
  item: { display: 'flex', gap: tokens.spacingHorizontalM, alignItems: 'baseline', flexWrap: 'wrap' },
  when: { color: tokens.colorNeutralForeground3, minWidth: '150px' },
  meta: { color: tokens.colorNeutralForeground3 },
  empty: { color: tokens.colorNeutralForeground3 },
});

interface ActivityListProps {
  items: ActivityItem[];
}

/** The activity log, newest first, in words. */
export function ActivityList({ items }: ActivityListProps) {
  const styles = useStyles();
  const { t } = useTranslation();
  if (!items.length) return <Text className={styles.empty} data-testid="activity-empty">{t('usage.activity.empty')}</Text>;
  return (
    <ul className={styles.list} data-testid="activity-list">
      {items.map((a) => (
        <li key={a.id} className={styles.item}>
          <Text className={styles.when}>{formatDateTime(a.at)}</Text>
          <Text weight="semibold">{describeAction(a.action, t)}</Text>
          {a.ip && <Text className={styles.meta}>{a.ip}</Text>}
        </li>
      ))}
    </ul>
  );
}
