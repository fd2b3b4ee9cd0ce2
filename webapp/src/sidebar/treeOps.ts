/**
 * Pure edits of the sidebar tree, applied optimistically before the server answers (and mirrored by the
 * server's own `moveTo`, so the optimistic tree and the returned one agree).
 */
import type { CategoryTree } from '@intellio/api-client';

function moveTo<T>(items: T[], item: T, index: number): T[] {
  const rest = items.filter((x) => x !== item);
  const at = Math.max(0, Math.min(index, rest.length));
  return [...rest.slice(0, at), item, ...rest.slice(at)];
}

function renumber<T extends { position: number }>(items: T[]): T[] {
  return items.map((item, position) => (item.position === position ? item : { ...item, position }));
}

/** Moves a category to `index`. */
export function moveCategory(tree: CategoryTree, categoryId: string, index: number): CategoryTree {
  const category = tree.find((c) => c.id === categoryId);
  return category ? renumber(moveTo(tree, category, index)) : tree;
}

/** Moves a project to `index` in `categoryId` (its own or another category). */
export function moveProject(tree: CategoryTree, projectId: string, categoryId: string, index: number): CategoryTree {
  const from = findProject(tree, projectId);
  if (!from || !tree.some((c) => c.id === categoryId)) return tree;
  const project = { ...from.project, categoryId };
  return tree.map((c) => {
    const without = c.projects.filter((p) => p.id !== projectId);
    if (c.id !== categoryId) return without.length === c.projects.length ? c : { ...c, projects: renumber(without) };
    const at = Math.max(0, Math.min(index, without.length));
    return { ...c, projects: renumber([...without.slice(0, at), project, ...without.slice(at)]) };
  });
}

/** The project and the category holding it, or null. */
export function findProject(tree: CategoryTree, projectId: string) {
  for (const category of tree) {
    const index = category.projects.findIndex((p) => p.id === projectId);
    if (index >= 0) return { category, project: category.projects[index], index };
  }
  return null;
}
