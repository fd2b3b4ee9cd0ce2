import type { useSortable } from '@dnd-kit/sortable';
import { Button } from '@fluentui/react-components';
import { ReOrderDotsVerticalRegular } from '@fluentui/react-icons';
import { useSidebarStyles } from './useSidebarStyles';

type Sortable = ReturnType<typeof useSortable>;

interface DragHandleProps {
  sortable: Pick<Sortable, 'attributes' | 'listeners' | 'setActivatorNodeRef'>;
  /** Read by screen readers, e.g. "Move project Q3 forecast". */
  label: string;
  testId: string;
}

/** The grip a category or project is dragged by (pointer, touch, or keyboard: space then arrows). */
export function DragHandle({ sortable, label, testId }: DragHandleProps) {
  const shared = useSidebarStyles();
  return (
    <Button
      ref={sortable.setActivatorNodeRef}
      {...sortable.attributes}
      {...sortable.listeners}
      className={shared.handle}
      appearance="transparent"
      size="small"
      icon={<ReOrderDotsVerticalRegular />}
      aria-label={label}
      data-testid={testId}
    />
  );
}
