import { Badge, Button, Card, CardHeader, makeStyles, Text, tokens } from '@fluentui/react-components';
import { CopyRegular, DeleteRegular, EditRegular, SparkleRegular } from '@fluentui/react-icons';
import type { Template } from '@intellio/api-client';

const useStyles = makeStyles({
  prompt: { color: tokens.colorNeutralForeground2, whiteSpace: 'pre-wrap', overflowWrap: 'anywhere', display: '-webkit-box', WebkitLineClamp: 3, WebkitBoxOrient: 'vertical', overflow: 'hidden' },
  actions: { display: 'flex', gap: tokens.spacingHorizontalXS, flexWrap: 'wrap' },
  meta: { color: tokens.colorNeutralForeground3 },
});

const VISIBILITY = { private: 'Only me', shared: 'Shared', public: 'Public' } as const;

interface TemplateCardProps {
  template: Template;
  onUse(t: Template): void;
  onEdit(t: Template): void;
  onDuplicate(t: Template): void;
  onDelete(t: Template): void;
}

/** One template: what it asks, who sees it, and what you can do with it (owners edit, others duplicate). */
export function TemplateCard({ template: t, onUse, onEdit, onDuplicate, onDelete }: TemplateCardProps) {
  const styles = useStyles();
  return (
    <Card data-testid="template-card" aria-label={t.name}>
      <CardHeader
        header={<Text weight="semibold">{t.name}</Text>}
        description={t.description ? <Text size={200}>{t.description}</Text> : undefined}
        action={<Badge appearance="tint">{VISIBILITY[t.visibility]}</Badge>}
      />
      <Text size={200} className={styles.prompt}>
        {t.prompt}
      </Text>
      {t.isOwner && t.visibility === 'shared' && (
        <Text size={200} className={styles.meta}>
          Shared with {t.sharedWith.length ? t.sharedWith.join(', ') : 'nobody yet'}
        </Text>
      )}
      <div className={styles.actions}>
        <Button size="small" appearance="primary" icon={<SparkleRegular />} onClick={() => onUse(t)}>
          Use
        </Button>
        {t.isOwner ? (
          <>
            <Button size="small" icon={<EditRegular />} onClick={() => onEdit(t)}>
              Edit
            </Button>
            <Button size="small" appearance="subtle" icon={<DeleteRegular />} onClick={() => onDelete(t)} aria-label={`Delete ${t.name}`} />
          </>
        ) : (
          <Button size="small" icon={<CopyRegular />} onClick={() => onDuplicate(t)}>
            Duplicate
          </Button>
        )}
      </div>
    </Card>
  );
}
