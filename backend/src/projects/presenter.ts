import type { Category } from '../categories/model.js';
import type { Project } from './model.js';

/** `lastActivityAt` comes from activity.ts; a project just created has had none but its creation. */
export function presentProject(p: Project, lastActivityAt: Date = new Date(p.createdAt)) {
  return {
    id: p.id,
    categoryId: p.categoryId,
    name: p.name,
    description: p.description,
    position: p.position,
    createdAt: new Date(p.createdAt).toISOString(),
    updatedAt: new Date(p.updatedAt).toISOString(),
    lastActivityAt: lastActivityAt.toISOString(),
  };
}

export function presentCategory(c: Category, projects: Project[], activity: Map<string, Date>) {
  return {
    id: c.id,
    name: c.name,
    position: c.position,
    projects: projects.filter((p) => p.categoryId === c.id).sort((a, b) => a.position - b.position).map((p) => presentProject(p, activity.get(p.id))),
  };
}
