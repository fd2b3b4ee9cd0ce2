import { Button, makeStyles, Skeleton, SkeletonItem, Tab, TabList, Text, tokens } from '@fluentui/react-components';
import { AddRegular } from '@fluentui/react-icons';
import { useCallback, useEffect, useState } from 'react';
import type { Template, TemplateInput, TemplateScope } from '@intellio/api-client';
import { usePageTitle } from '../layout/usePageTitle';
import { useNotify } from '../notify/useNotify';
import { TemplateCard } from './TemplateCard';
import { TemplateEditor } from './TemplateEditor';
import { api } from '../api';
import { UseTemplateDialog } from './UseTemplateDialog';

const useStyles = makeStyles({
  root: { maxWidth: '1000px', margin: '0 auto', display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL },
  head: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalM, flexWrap: 'wrap' },
  title: { margin: 0, flex: 1, fontSize: tokens.fontSizeBase600, fontWeight: tokens.fontWeightSemibold },
  grid: { display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(280px, 1fr))', gap: tokens.spacingHorizontalM },
  empty: { color: tokens.colorNeutralForeground3 },
});

const SCOPES: Array<{ value: Exclude<TemplateScope, 'all'>; label: string; empty: string }> = [
  { value: 'mine', label: 'Mine', empty: 'You have no templates yet. Save a prompt you use often.' },
  { value: 'shared', label: 'Shared with me', empty: 'Nobody has shared a template with you yet.' },
  { value: 'public', label: 'Public', empty: 'No public templates yet.' },
];

const message = (err: unknown) => (err instanceof Error ? err.message : 'Something went wrong.');

/** /templates — reusable prompts: mine, shared with me, public. */
export function TemplatesPage() {
  const styles = useStyles();
  const notify = useNotify();
  usePageTitle('Templates');
  const [scope, setScope] = useState<Exclude<TemplateScope, 'all'>>('mine');
  const [items, setItems] = useState<Template[] | null>(null);
  const [editing, setEditing] = useState<Template | 'new' | null>(null);
  const [using, setUsing] = useState<Template | null>(null);

  const load = useCallback(() => {
    setItems(null);
    api.templates.list(scope)
      .then(setItems)
      .catch((err: unknown) => {
        setItems([]);
        notify('error', 'Could not load templates', message(err));
      });
  }, [scope, notify]);

  useEffect(load, [load]);

  async function handleSave(input: TemplateInput): Promise<string | null> {
    try {
      if (editing && editing !== 'new') await api.templates.update(editing.id, input);
      else await api.templates.create(input);
      load();
      return null;
    } catch (err) {
      return message(err);
    }
  }

  async function run(title: string, action: () => Promise<unknown>) {
    try {
      await action();
      load();
    } catch (err) {
      notify('error', title, message(err));
    }
  }

  const current = SCOPES.find((s) => s.value === scope) ?? SCOPES[0];
  return (
    <div className={styles.root} data-testid="templates-page">
      <div className={styles.head}>
        <h1 className={styles.title}>Templates</h1>
        <Button appearance="primary" icon={<AddRegular />} onClick={() => setEditing('new')}>
          New template
        </Button>
      </div>
      <TabList selectedValue={scope} onTabSelect={(_, d) => setScope(d.value as typeof scope)}>
        {SCOPES.map((s) => (
          <Tab key={s.value} value={s.value}>
            {s.label}
          </Tab>
        ))}
      </TabList>
      {!items && (
        <Skeleton aria-label="Loading templates">
          <SkeletonItem size={72} />
        </Skeleton>
      )}
      {items && items.length === 0 && (
        <Text className={styles.empty} data-testid="templates-empty">
          {current.empty}
        </Text>
      )}
      {items && items.length > 0 && (
        <div className={styles.grid}>
          {items.map((t) => (
            <TemplateCard
              key={t.id}
              template={t}
              onUse={setUsing}
              onEdit={setEditing}
              onDuplicate={(x) => void run('Could not duplicate the template', () => api.templates.duplicate(x.id))}
              onDelete={(x) => window.confirm(`Delete the template “${x.name}”?`) && void run('Could not delete the template', () => api.templates.remove(x.id))}
            />
          ))}
        </div>
      )}
      {editing && <TemplateEditor template={editing === 'new' ? null : editing} onSave={handleSave} onClose={() => setEditing(null)} />}
      {using && <UseTemplateDialog template={using} onClose={() => setUsing(null)} />}
    </div>
  );
}
