/**
 * Drag and drop for the sidebar: one DndContext for categories and projects. Categories only collide with
 * categories; a project collides with the project under the pointer, else the category under it (so it can
 * enter an empty one), else the nearest project (keyboard drags have no pointer). While a project crosses
 * categories a draft tree shows where it will land; the drop sends one move to the server.
 */
import {
  closestCenter,
  KeyboardSensor,
  MouseSensor,
  pointerWithin,
  TouchSensor,
  useSensor,
  useSensors,
  type Active,
  type Announcements,
  type CollisionDetection,
  type DragEndEvent,
  type DragOverEvent,
  type DragStartEvent,
  type Over,
  type UniqueIdentifier,
} from '@dnd-kit/core';
import { sortableKeyboardCoordinates } from '@dnd-kit/sortable';
import type { CategoryTree } from '@intellio/api-client';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { parseDragId, type DragData } from './dndIds';
import * as ops from './treeOps';
import { useTree } from './useTree';

const isCategory = (id: UniqueIdentifier) => String(id).startsWith('cat:');

/** Whether the dragged item's centre is below the centre of what it is over. */
function isBelow(active: Active, over: Over): boolean {
  const dragged = active.rect.current.translated;
  return !isCategory(over.id) && dragged !== null && dragged.top + dragged.height / 2 > over.rect.top + over.rect.height / 2;
}

/** Where a project would land if dropped on `overId`, in `tree`. */
function projectTarget(tree: CategoryTree, overId: UniqueIdentifier): { categoryId: string; index: number } | null {
  const over = parseDragId(overId);
  if (over.kind === 'category') {
    const category = tree.find((c) => c.id === over.id);
    return category ? { categoryId: category.id, index: category.projects.length } : null;
  }
  const found = ops.findProject(tree, over.id);
  return found ? { categoryId: found.category.id, index: found.index } : null;
}

export function useSidebarDnd() {
  const { t } = useTranslation();
  const { tree, moveCategory, moveProject } = useTree();
  const [draft, setDraft] = useState<CategoryTree | null>(null);
  const [active, setActive] = useState<{ id: UniqueIdentifier; data: DragData } | null>(null);
  const view = draft ?? tree;

  const sensors = useSensors(
    useSensor(MouseSensor, { activationConstraint: { distance: 4 } }),
    useSensor(TouchSensor, { activationConstraint: { delay: 200, tolerance: 6 } }),
    useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }),
  );

  const collisionDetection = useMemo<CollisionDetection>(
    () => (args) => {
      const containers = args.droppableContainers;
      if (isCategory(args.active.id)) return closestCenter({ ...args, droppableContainers: containers.filter((c) => isCategory(c.id)) });
      const under = pointerWithin(args);
      const project = under.find((c) => !isCategory(c.id));
      if (project) return [project];
      const category = under.find((c) => isCategory(c.id));
      if (category) return [category];
      const emptyCategories = new Set((view ?? []).filter((c) => c.projects.length === 0).map((c) => `cat:${c.id}`));
      return closestCenter({ ...args, droppableContainers: containers.filter((c) => !isCategory(c.id) || emptyCategories.has(String(c.id))) });
    },
    [view],
  );

  function handleDragStart({ active: a }: DragStartEvent) {
    setActive({ id: a.id, data: a.data.current as DragData });
    setDraft(null);
  }

  function handleDragOver({ active: a, over }: DragOverEvent) {
    if (!view || !over || isCategory(a.id) || over.id === a.id) return;
    const project = parseDragId(a.id).id;
    const from = ops.findProject(view, project);
    const to = projectTarget(view, over.id);
    // Same-category moves are shown by the sortable transforms; only crossings change the draft.
    if (!from || !to || from.category.id === to.categoryId) return;
    setDraft(ops.moveProject(view, project, to.categoryId, to.index + (isBelow(a, over) ? 1 : 0)));
  }

  function handleDragEnd({ active: a, over, activatorEvent }: DragEndEvent) {
    const current = view;
    setActive(null);
    setDraft(null);
    if (!tree || !current || !over) return;
    const dragged = parseDragId(a.id);
    if (dragged.kind === 'category') {
      const to = tree.findIndex((c) => `cat:${c.id}` === over.id);
      const from = tree.findIndex((c) => c.id === dragged.id);
      if (to >= 0 && to !== from) void moveCategory(dragged.id, to);
      return;
    }
    const landed = ops.findProject(current, dragged.id);
    const original = ops.findProject(tree, dragged.id);
    if (!landed || !original) return;
    let index = landed.index;
    const target = over.id !== a.id && !isCategory(over.id) ? projectTarget(current, over.id) : null;
    if (target && target.categoryId === landed.category.id) {
      // The keyboard steps onto a neighbour's slot (sortable semantics: take its index); a pointer drop goes
      // before or after the project it is dropped on, by which half it is over.
      const keyboard = typeof KeyboardEvent !== 'undefined' && activatorEvent instanceof KeyboardEvent;
      if (keyboard) index = target.index;
      else index = target.index - (landed.index < target.index ? 1 : 0) + (isBelow(a, over) ? 1 : 0);
    }
    if (landed.category.id !== original.category.id || index !== original.index) void moveProject(dragged.id, landed.category.id, index);
  }

  function handleDragCancel() {
    setActive(null);
    setDraft(null);
  }

  const announcements = useMemo<Announcements>(() => {
    const describe = (id: UniqueIdentifier) => {
      const { kind, id: entity } = parseDragId(id);
      if (!view) return '';
      if (kind === 'category') {
        const index = view.findIndex((c) => c.id === entity);
        return t('sidebar.dnd.categoryPosition', { position: index + 1, total: view.length });
      }
      const found = ops.findProject(view, entity);
      return found ? t('sidebar.dnd.projectPosition', { position: found.index + 1, total: found.category.projects.length, category: found.category.name }) : '';
    };
    const label = (data: unknown) => {
      const d = data as DragData | undefined;
      if (!d) return t('sidebar.dnd.item');
      return d.kind === 'category' ? t('sidebar.dnd.category', { name: d.name }) : t('sidebar.dnd.project', { name: d.name });
    };
    return {
      onDragStart: ({ active: a }) => t('sidebar.dnd.pickedUp', { item: label(a.data.current), where: describe(a.id) }),
      onDragOver: ({ active: a, over }) =>
        over ? t('sidebar.dnd.movedTo', { item: label(a.data.current), where: describe(over.id) }) : t('sidebar.dnd.notOver', { item: label(a.data.current) }),
      onDragEnd: ({ active: a, over }) =>
        over ? t('sidebar.dnd.dropped', { item: label(a.data.current), where: describe(over.id) }) : t('sidebar.dnd.droppedBack', { item: label(a.data.current) }),
      onDragCancel: ({ active: a }) => t('sidebar.dnd.cancelled', { item: label(a.data.current) }),
    };
  }, [view, t]);

  return {
    view,
    active,
    dndProps: {
      sensors,
      collisionDetection,
      onDragStart: handleDragStart,
      onDragOver: handleDragOver,
      onDragEnd: handleDragEnd,
      onDragCancel: handleDragCancel,
      accessibility: {
        announcements,
        screenReaderInstructions: {
          draggable: t('sidebar.dnd.instructions'),
        },
      },
    },
  };
}
