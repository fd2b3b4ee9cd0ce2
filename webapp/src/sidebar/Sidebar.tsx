import { DndContext, DragOverlay } from '@dnd-kit/core';
import { SortableContext, verticalListSortingStrategy } from '@dnd-kit/sortable';
import { Button, makeStyles, mergeClasses, MessageBar, MessageBarBody, Skeleton, SkeletonItem, Text, tokens } from '@fluentui/react-components';
import { AddRegular, ReOrderDotsVerticalRegular } from '@fluentui/react-icons';
import type { Category } from '@intellio/api-client';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CategorySection } from './CategorySection';
import { DeleteCategoryDialog } from './DeleteCategoryDialog';
import { categoryDragId } from './dndIds';
import { InlineName } from './InlineName';
import { useSidebarDnd } from './useSidebarDnd';
import { useSidebarStyles } from './useSidebarStyles';
import { useTree } from './useTree';

const useStyles = makeStyles({
  root: {
    width: '280px',
    flexShrink: 0,
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalM,
    padding: `${tokens.spacingVerticalL} ${tokens.spacingHorizontalM}`,
    backgroundColor: tokens.colorNeutralBackground1,
    borderRight: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    overflowY: 'auto',
  },
  // Inside the phone drawer: the drawer gives the width, the frame and the "Projects" title.
  drawer: { width: '100%', boxSizing: 'border-box', borderRight: 'none', paddingTop: 0 },
  head: { display: 'flex', alignItems: 'center', justifyContent: 'space-between' },
  headInDrawer: { justifyContent: 'flex-end' },
  list: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  empty: { color: tokens.colorNeutralForeground3 },
});

interface SidebarProps {
  /** Drawn inside the phone drawer (SidebarDrawer), which has its own title. */
  inDrawer?: boolean;
}

/** The category sidebar: categories holding projects, reordered and regrouped by drag and drop. */
export function Sidebar({ inDrawer = false }: SidebarProps) {
  const styles = useStyles();
  const { t } = useTranslation();
  const shared = useSidebarStyles();
  const { tree, error, createCategory } = useTree();
  const { view, active, dndProps } = useSidebarDnd();
  const [adding, setAdding] = useState(false);
  const [deleting, setDeleting] = useState<Category | null>(null);

  return (
    <nav className={mergeClasses(styles.root, inDrawer && styles.drawer)} aria-label={t('sidebar.nav')} data-testid="sidebar">
      <div className={mergeClasses(styles.head, inDrawer && styles.headInDrawer)}>
        {!inDrawer && <Text weight="semibold">{t('sidebar.title')}</Text>}
        <Button appearance="subtle" size="small" icon={<AddRegular />} onClick={() => setAdding(true)}>
          {t('sidebar.newCategory')}
        </Button>
      </div>
      {adding && (
        <InlineName
          label={t('sidebar.categoryName')}
          placeholder={t('sidebar.categoryName')}
          maxLength={80}
          onSubmit={async (name) => (await createCategory(name)) !== null}
          onDone={() => setAdding(false)}
        />
      )}
      {error && !tree && (
        <MessageBar intent="error">
          <MessageBarBody>{t('sidebar.loadFailed', { error })}</MessageBarBody>
        </MessageBar>
      )}
      {!tree && !error && (
        <Skeleton aria-label={t('sidebar.loading')}>
          {[0, 1, 2, 3].map((i) => (
            <SkeletonItem key={i} size={24} style={{ marginBottom: 8 }} />
          ))}
        </Skeleton>
      )}
      {view && view.length === 0 && !adding && (
        <Text size={200} className={styles.empty} data-testid="sidebar-empty">
          {t('sidebar.empty')}
        </Text>
      )}
      {view && view.length > 0 && (
        <DndContext {...dndProps}>
          <SortableContext items={view.map((c) => categoryDragId(c.id))} strategy={verticalListSortingStrategy}>
            <div className={styles.list}>
              {view.map((category) => (
                <CategorySection key={category.id} category={category} onDelete={setDeleting} />
              ))}
            </div>
          </SortableContext>
          <DragOverlay>
            {active && (
              <div className={mergeClasses(shared.row, shared.overlay)}>
                <ReOrderDotsVerticalRegular />
                <Text weight={active.data.kind === 'category' ? 'semibold' : 'regular'}>{active.data.name}</Text>
              </div>
            )}
          </DragOverlay>
        </DndContext>
      )}
      {deleting && <DeleteCategoryDialog category={deleting} onClose={() => setDeleting(null)} />}
    </nav>
  );
}
