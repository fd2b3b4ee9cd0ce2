import type { Category } from '../categories/model.js';
import type { Project } from './model.js';

export function presentProject(p: Project) {
  return {
    id: p.id,
    categoryId: p.categoryId,
    name: p.name,
    description: p.description,
    position: p.position,
    createdAt: new Date(p.createdAt).toISOString(),
    updatedAt: new Date(p.updatedAt).toISOString(),
  };
}

export function presentCategory(c: Category, projects: Project[]) {
  return {
    id: c.id,
    name: c.name,
    position: c.position,
    projects: projects.filter((p) => p.categoryId === c.id).sort((a, b) => a.position - b.position).map(presentProject),
  };
}
