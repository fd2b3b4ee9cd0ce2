import { useSortable } from '@dnd-kit/sortable';
import { CSS } from '@dnd-kit/utilities';
import { Button, makeStyles, mergeClasses, tokens } from '@fluentui/react-components';
import { ReOrderDotsVerticalRegular } from '@fluentui/react-icons';
import type { Project } from '@intellio/api-client';
import { NavLink } from 'react-router-dom';
import { projectDragId, type DragData } from './dndIds';
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
  const shared = useSidebarStyles();
  const data: DragData = { kind: 'project', name: project.name };
  const { attributes, listeners, setNodeRef, setActivatorNodeRef, transform, transition, isDragging } = useSortable({
    id: projectDragId(project.id),
    data,
  });
  return (
    <li
      ref={setNodeRef}
      style={{ transform: CSS.Translate.toString(transform), transition }}
      className={mergeClasses(shared.row, isDragging && shared.dragging)}
      data-testid="project-item"
      data-project-id={project.id}
    >
      <Button
        ref={setActivatorNodeRef}
        {...attributes}
        {...listeners}
        className={shared.handle}
        appearance="transparent"
        size="small"
        icon={<ReOrderDotsVerticalRegular />}
        aria-label={`Move project ${project.name}`}
        data-testid="project-handle"
      />
      <NavLink to={`/projects/${project.id}`} className={({ isActive }) => mergeClasses(styles.link, isActive && styles.active)}>
        {project.name}
      </NavLink>
    </li>
  );
}
