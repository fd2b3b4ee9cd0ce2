import { useSortable } from '@dnd-kit/sortable';
import { CSS } from '@dnd-kit/utilities';
import { makeStyles, mergeClasses, tokens } from '@fluentui/react-components';
import type { Project } from '@intellio/api-client';
import { useTranslation } from 'react-i18next';
import { NavLink } from 'react-router-dom';
import { projectDragId, type DragData } from './dndIds';
import { DragHandle } from './DragHandle';
import { useSidebarStyles } from './useSidebarStyles';

const useStyles = makeStyles({
  link: {
    flex: 1,
    minWidth: 0,
    overflow: 'hidden',
    textOverflow: 'ellipsis',
    whiteSpace: 'nowrap',
    padding: `${tokens.spacingVerticalXS} ${tokens.spacingHorizontalS}`,
    borderRadius: tokens.borderRadiusMedium,
    color: tokens.colorNeutralForeground1,
    textDecorationLine: 'none',
    ':hover': { backgroundColor: tokens.colorNeutralBackground1Hover },
  },
  active: {
    backgroundColor: tokens.colorBrandBackground2,
    color: tokens.colorBrandForeground1,
    fontWeight: tokens.fontWeightSemibold,
  },
});

interface ProjectItemProps {
  project: Project;
}

/** One project in the sidebar: a drag handle and a link to its page. */
export function ProjectItem({ project }: ProjectItemProps) {
  const styles = useStyles();
  const { t } = useTranslation();
  const shared = useSidebarStyles();
  const data: DragData = { kind: 'project', name: project.name };
  const sortable = useSortable({
    id: projectDragId(project.id),
    data,
  });
  const { setNodeRef, transform, transition, isDragging } = sortable;
  return (
    <li
      ref={setNodeRef}
      style={{ transform: CSS.Translate.toString(transform), transition }}
      className={mergeClasses(shared.row, isDragging && shared.dragging)}
      data-testid="project-item"
      data-project-id={project.id}
    >
      <DragHandle sortable={sortable} label={t('sidebar.moveProject', { name: project.name })} testId="project-handle" />
      <NavLink to={`/projects/${project.id}`} className={({ isActive }) => mergeClasses(styles.link, isActive && styles.active)}>
        {project.name}
      </NavLink>
    </li>
  );
}
