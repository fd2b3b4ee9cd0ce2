import { Button, makeStyles, MessageBar, MessageBarActions, MessageBarBody, MessageBarTitle, Text, tokens } from '@fluentui/react-components';
import type { BillingNotification } from '@intellio/api-client';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../usage/format';

const useStyles = makeStyles({
  list: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  read: { opacity: 0.7 },
  empty: { color: tokens.colorNeutralForeground3 },
  text: { whiteSpace: 'pre-line' },
});

const INTENT: Record<string, 'error' | 'warning' | 'info'> = { critical: 'error', warning: 'warning' };

interface NotificationsListProps {
  items: BillingNotification[];
  onRead(id: string): void;
}

/** Low balance and payment notifications; unread ones can be marked read. */
export function NotificationsList({ items, onRead }: NotificationsListProps) {
  const styles = useStyles();
  const { t } = useTranslation();
  if (items.length === 0) return <Text className={styles.empty}>{t('billing.notifications.empty')}</Text>;
  return (
    <div className={styles.list} data-testid="notifications">
      {items.map((n) => (
        <MessageBar key={n.id} intent={INTENT[n.severity] ?? 'info'} className={n.readAt ? styles.read : undefined} data-testid="notification">
          <MessageBarBody>
            <MessageBarTitle>{n.subject}</MessageBarTitle>
            <span className={styles.text}>{n.text}</span> <Text size={200}>{formatDateTime(n.createdAt)}</Text>
          </MessageBarBody>
          {!n.readAt && (
            <MessageBarActions>
              <Button size="small" onClick={() => onRead(n.id)}>
                {t('billing.notifications.markRead')}
              </Button>
            </MessageBarActions>
          )}
        </MessageBar>
      ))}
    </div>
  );
}
