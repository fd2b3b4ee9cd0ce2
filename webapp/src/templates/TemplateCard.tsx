import { Badge, Button, Card, CardHeader, makeStyles, Text, tokens } from '@fluentui/react-components';
import { CopyRegular, DeleteRegular, EditRegular, SparkleRegular } from '@fluentui/react-icons';
import type { Template } from '@intellio/api-client';
import { useTranslation } from 'react-i18next';
import { listText } from './listText';

const useStyles = makeStyles({
  prompt: { color: tokens.colorNeutralForeground2, whiteSpace: 'pre-wrap', overflowWrap: 'anywhere', display: '-webkit-box', WebkitLineClamp: 3, WebkitBoxOrient: 'vertical', overflow: 'hidden' },
  actions: { display: 'flex', gap: tokens.spacingHorizontalXS, flexWrap: 'wrap' },
  meta: { color: tokens.colorNeutralForeground3, overflowWrap: 'anywhere' },
});

interface TemplateCardProps {
  template: Template;
  onUse(t: Template): void;
  onEdit(t: Template): void;
  onDuplicate(t: Template): void;
  onDelete(t: Template): void;
}

/** One template: what it asks, who sees it, and what you can do with it (owners edit, others duplicate). */
export function TemplateCard({ template, onUse, onEdit, onDuplicate, onDelete }: TemplateCardProps) {
  const styles = useStyles();
  const { t } = useTranslation();
  const pending = template.pendingShares;
  return (
    <Card data-testid="template-card" aria-label={template.name}>
      <CardHeader
        header={<Text weight="semibold">{template.name}</Text>}
        description={template.description ? <Text size={200}>{template.description}</Text> : undefined}
        action={<Badge appearance="tint">{t(`templates.visibility.${template.visibility}`)}</Badge>}
      />
      <Text size={200} className={styles.prompt}>
        {template.prompt}
      </Text>
      {template.isOwner && template.visibility === 'shared' && (
        <Text size={200} className={styles.meta}>
          {template.sharedWith.length ? t('templates.sharedWith', { people: listText(template.sharedWith) }) : t('templates.sharedWithNobody')}
        </Text>
      )}
      {template.isOwner && template.visibility === 'shared' && pending.length > 0 && (
        <Text size={200} className={styles.meta} data-testid="template-pending">
          {t('templates.pending', { people: listText(pending) })}
        </Text>
      )}
      <div className={styles.actions}>
        <Button size="small" appearance="primary" icon={<SparkleRegular />} onClick={() => onUse(template)}>
          {t('templates.use')}
        </Button>
        {template.isOwner ? (
          <>
            <Button size="small" icon={<EditRegular />} onClick={() => onEdit(template)}>
              {t('templates.edit')}
            </Button>
            <Button size="small" appearance="subtle" icon={<DeleteRegular />} onClick={() => onDelete(template)} aria-label={t('templates.deleteLabel', { name: template.name })} />
          </>
        ) : (
          <Button size="small" icon={<CopyRegular />} onClick={() => onDuplicate(template)}>
            {t('templates.duplicate')}
          </Button>
        )}
      </div>
    </Card>
  );
}
