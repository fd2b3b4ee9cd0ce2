import type { Http } from './http.js';
import type { Category } from '../../backend/src/contract/projects.js';

/** A category with its projects: the backend's contract (backend/src/contract/projects.ts), as types only. */
export type { Category } from '../../backend/src/contract/projects.js';

/** The sidebar: categories in order, each with its projects in order. */
export type CategoryTree = Category[];

/** Categories of the signed-in user. Reorders return the whole tree as the server now holds it. */
export function categoriesApi(http: Http) {
  return {
    tree: () => http.request<CategoryTree>('GET', '/categories'),
    create: (name: string) => http.request<Category>('POST', '/categories', { name }),
    rename: (id: string, name: string) => http.request<Omit<Category, 'projects'>>('PATCH', `/categories/${id}`, { name }),
    /** Deletes a category; its projects are deleted too unless `moveProjectsTo` names another category. */
    remove: (id: string, moveProjectsTo?: string) =>
      http.request<{ movedProjects: number; deletedProjects: number }>(
        'DELETE',
        `/categories/${id}${moveProjectsTo ? `?moveProjectsTo=${encodeURIComponent(moveProjectsTo)}` : ''}`,
      ),
    move: (categoryId: string, index: number) => http.request<CategoryTree>('PATCH', '/categories/order', { categoryId, index }),
  };
}
