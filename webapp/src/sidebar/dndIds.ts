/**
 * Categories and projects share one DndContext, so their drag ids carry the kind: `cat:<uuid>`, `proj:<uuid>`.
 */
import type { UniqueIdentifier } from '@dnd-kit/core';

export type DragKind = 'category' | 'project';

export interface DragData {
  kind: DragKind;
  name: string;
}

export const categoryDragId = (id: string) => `cat:${id}`;
export const projectDragId = (id: string) => `proj:${id}`;

/** Splits a drag id into its kind and entity id. */
export function parseDragId(id: UniqueIdentifier): { kind: DragKind; id: string } {
  const text = String(id);
  return text.startsWith('cat:') ? { kind: 'category', id: text.slice(4) } : { kind: 'project', id: text.slice(5) };
}
