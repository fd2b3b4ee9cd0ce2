import type { Category } from '../categories/model.js';
import type { Category as CategoryJson, Project as ProjectJson } from '../contract/projects.js';
import type { ProjectFigures } from './activity.js';
import type { Project } from './model.js';

/** `figures` come from activity.ts; a project just created has no documents and no activity but its creation. */
export function presentProject(p: Project, figures: ProjectFigures = { lastActivityAt: new Date(p.createdAt), documentCount: 0 }): ProjectJson {
  return {
    id: p.id,
    categoryId: p.categoryId,
    name: p.name,
    description: p.description,
    position: p.position,
    createdAt: new Date(p.createdAt).toISOString(),
    updatedAt: new Date(p.updatedAt).toISOString(),
    lastActivityAt: figures.lastActivityAt.toISOString(),
    documentCount: figures.documentCount,
  };
}

export function presentCategory(c: Category, projects: Project[], figures: Map<string, ProjectFigures>): CategoryJson {
  return {
    id: c.id,
    name: c.name,
    position: c.position,
    projects: projects.filter((p) => p.categoryId === c.id).sort((a, b) => a.position - b.position).map((p) => presentProject(p, figures.get(p.id))),
  };
}
