import { Button, makeStyles, Skeleton, SkeletonItem, Tab, TabList, Text, tokens } from '@fluentui/react-components';
import { AddRegular } from '@fluentui/react-icons';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Template, TemplateInput, TemplateScope } from '@intellio/api-client';
import { ConfirmDialog } from '../forms/ConfirmDialog';
import { usePageTitle } from '../layout/usePageTitle';
import { useNotify } from '../notify/useNotify';
import { TemplateCard } from './TemplateCard';
import { TemplateEditor } from './TemplateEditor';
import { api } from '../api';
import { listText } from './listText';
import { UseTemplateDialog } from './UseTemplateDialog';

const useStyles = makeStyles({
  root: { maxWidth: '1000px', margin: '0 auto', display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL },
  head: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalM, flexWrap: 'wrap' },
  title: { margin: 0, flex: 1, fontSize: tokens.fontSizeBase600, fontWeight: tokens.fontWeightSemibold },
  grid: { display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(min(280px, 100%), 1fr))', gap: tokens.spacingHorizontalM },
  empty: { color: tokens.colorNeutralForeground3 },
});

type Scope = Exclude<TemplateScope, 'all'>;
const SCOPES: Scope[] = ['mine', 'shared', 'public'];

/** /templates — reusable prompts: mine, shared with me, public. */
export function TemplatesPage() {
  const styles = useStyles();
  const notify = useNotify();
  const { t } = useTranslation();
  usePageTitle(t('templates.title'));
  const [scope, setScope] = useState<Scope>('mine');
  const [items, setItems] = useState<Template[] | null>(null);
  const [editing, setEditing] = useState<Template | 'new' | null>(null);
  const [using, setUsing] = useState<Template | null>(null);
  const [deleting, setDeleting] = useState<Template | null>(null);
  const message = useCallback((err: unknown) => (err instanceof Error ? err.message : t('common.somethingWrong')), [t]);

  const load = useCallback(() => {
    setItems(null);
    api.templates.list(scope)
      .then(setItems)
      .catch((err: unknown) => {
        setItems([]);
        notify('error', t('templates.loadFailed'), message(err));
      });
  }, [scope, notify, t, message]);

  useEffect(load, [load]);

  async function handleSave(input: TemplateInput): Promise<string | null> {
    try {
      const saved = editing && editing !== 'new' ? await api.templates.update(editing.id, input) : await api.templates.create(input);
      // A share to an address with no account is kept, not refused: say that it waits for that person.
      if (saved.pendingShares.length) notify('info', t('templates.savedTitle'), t('templates.pendingSaved', { people: listText(saved.pendingShares) }));
      load();
      return null;
    } catch (err) {
      return message(err);
    }
  }

  async function handleDuplicate(template: Template) {
    try {
      await api.templates.duplicate(template.id);
      load();
    } catch (err) {
      notify('error', t('templates.duplicateFailed'), message(err));
    }
  }

  async function handleDelete(template: Template) {
    try {
      await api.templates.remove(template.id);
      load();
    } catch (err) {
      notify('error', t('templates.deleteFailed'), message(err));
      throw err; // keeps the dialog open for a retry
    }
  }

  return (
    <div className={styles.root} data-testid="templates-page">
      <div className={styles.head}>
        <h1 className={styles.title}>{t('templates.title')}</h1>
        <Button appearance="primary" icon={<AddRegular />} onClick={() => setEditing('new')}>
          {t('templates.newTemplate')}
        </Button>
      </div>
      <TabList selectedValue={scope} onTabSelect={(_, d) => setScope(d.value as Scope)}>
        {SCOPES.map((s) => (
          <Tab key={s} value={s}>
            {t(`templates.scopes.${s}`)}
          </Tab>
        ))}
      </TabList>
      {!items && (
        <Skeleton aria-label={t('templates.loading')}>
          <SkeletonItem size={72} />
        </Skeleton>
      )}
      {items && items.length === 0 && (
        <Text className={styles.empty} data-testid="templates-empty">
          {t(`templates.empty.${scope}`)}
        </Text>
      )}
      {items && items.length > 0 && (
        <div className={styles.grid}>
          {items.map((x) => (
            <TemplateCard key={x.id} template={x} onUse={setUsing} onEdit={setEditing} onDuplicate={(d) => void handleDuplicate(d)} onDelete={setDeleting} />
          ))}
        </div>
      )}
      {editing && <TemplateEditor template={editing === 'new' ? null : editing} onSave={handleSave} onClose={() => setEditing(null)} />}
      {using && <UseTemplateDialog template={using} onClose={() => setUsing(null)} />}
      <ConfirmDialog
        open={deleting !== null}
        title={t('templates.confirmDelete.title')}
        body={t('templates.confirmDelete.body', { name: deleting?.name ?? '' })}
        confirmLabel={t('templates.confirmDelete.confirm')}
        destructive
        onConfirm={() => (deleting ? handleDelete(deleting) : undefined)}
        onOpenChange={(open) => !open && setDeleting(null)}
      />
    </div>
  );
}
