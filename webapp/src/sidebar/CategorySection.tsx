import { SortableContext, useSortable, verticalListSortingStrategy } from '@dnd-kit/sortable';
import { CSS } from '@dnd-kit/utilities';
import { Button, makeStyles, Menu, MenuItem, MenuList, MenuPopover, MenuTrigger, mergeClasses, Text, tokens } from '@fluentui/react-components';
import { AddRegular, DeleteRegular, MoreHorizontalRegular, RenameRegular } from '@fluentui/react-icons';
import type { Category } from '@intellio/api-client';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { categoryDragId, projectDragId, type DragData } from './dndIds';
import { InlineName } from './InlineName';
import { ProjectItem } from './ProjectItem';
import { DragHandle } from './DragHandle';
import { useSidebarStyles } from './useSidebarStyles';
import { useTree } from './useTree';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXXS },
  name: {
    flex: 1,
    minWidth: 0,
    overflow: 'hidden',
    textOverflow: 'ellipsis',
    whiteSpace: 'nowrap',
    textTransform: 'uppercase',
    letterSpacing: '0.04em',
    color: tokens.colorNeutralForeground2,
  },
  list: {
    listStyleType: 'none',
    margin: 0,
    padding: `0 0 0 ${tokens.spacingHorizontalL}`,
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalXXS,
    minHeight: '8px',
  },
  empty: { paddingLeft: tokens.spacingHorizontalXXL, color: tokens.colorNeutralForeground3 },
  adding: { paddingLeft: tokens.spacingHorizontalXXL },
});

interface CategorySectionProps {
  category: Category;
  onDelete(category: Category): void;
}

/** A category: its header (drag handle, inline rename, actions) and its sortable list of projects. */
export function CategorySection({ category, onDelete }: CategorySectionProps) {
  const styles = useStyles();
  const { t } = useTranslation();
  const shared = useSidebarStyles();
  const { renameCategory, createProject } = useTree();
  const navigate = useNavigate();
  const [renaming, setRenaming] = useState(false);
  const [adding, setAdding] = useState(false);
  const data: DragData = { kind: 'category', name: category.name };
  const sortable = useSortable({
    id: categoryDragId(category.id),
    data,
  });
  const { setNodeRef, transform, transition, isDragging } = sortable;

  async function handleCreateProject(name: string) {
    const project = await createProject(category.id, name);
    if (project) navigate(`/projects/${project.id}`);
    return project !== null;
  }

  return (
    <section
      ref={setNodeRef}
      style={{ transform: CSS.Translate.toString(transform), transition }}
      className={mergeClasses(styles.root, isDragging && shared.dragging)}
      aria-label={category.name}
      data-testid="category"
      data-category-id={category.id}
    >
      <div className={shared.row}>
        <DragHandle sortable={sortable} label={t('sidebar.moveCategory', { name: category.name })} testId="category-handle" />
        {renaming ? (
          <InlineName
            label={t('sidebar.categoryName')}
            initial={category.name}
            maxLength={80}
            onSubmit={(name) => renameCategory(category.id, name)}
            onDone={() => setRenaming(false)}
          />
        ) : (
          <Text className={styles.name} size={200} weight="semibold" onDoubleClick={() => setRenaming(true)} data-testid="category-name">
            {category.name}
          </Text>
        )}
        <Button appearance="subtle" size="small" icon={<AddRegular />} aria-label={t('sidebar.newProjectIn', { name: category.name })} onClick={() => setAdding(true)} />
        <Menu>
          <MenuTrigger disableButtonEnhancement>
            <Button appearance="subtle" size="small" icon={<MoreHorizontalRegular />} aria-label={t('sidebar.actionsFor', { name: category.name })} />
          </MenuTrigger>
          <MenuPopover>
            <MenuList>
              <MenuItem icon={<RenameRegular />} onClick={() => setRenaming(true)}>
                {t('sidebar.rename')}
              </MenuItem>
              <MenuItem icon={<DeleteRegular />} onClick={() => onDelete(category)}>
                {t('sidebar.delete')}
              </MenuItem>
            </MenuList>
          </MenuPopover>
        </Menu>
      </div>
      <SortableContext items={category.projects.map((p) => projectDragId(p.id))} strategy={verticalListSortingStrategy}>
        <ul className={styles.list} aria-label={t('sidebar.projectsIn', { name: category.name })}>
          {category.projects.map((project) => (
            <ProjectItem key={project.id} project={project} />
          ))}
        </ul>
      </SortableContext>
      {adding && (
        <div className={styles.adding}>
          <InlineName label={t('sidebar.projectName')} placeholder={t('sidebar.projectName')} maxLength={120} onSubmit={handleCreateProject} onDone={() => setAdding(false)} />
        </div>
      )}
      {!adding && category.projects.length === 0 && (
        <Text size={200} className={styles.empty}>
          {t('sidebar.noProjects')}
        </Text>
      )}
    </section>
  );
}
