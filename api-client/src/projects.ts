import type { Http } from './http.js';
import type { CategoryTree } from './categories.js';
import type { Project } from '../../backend/src/contract/projects.js';

/** A project as the server presents it: the backend's contract (backend/src/contract/projects.ts), as types only. */
export type { Project } from '../../backend/src/contract/projects.js';

export interface CreateProjectRequest {
  categoryId: string;
  name: string;
  description?: string | null;
}

/** Projects: each belongs to one category of the user and holds documents and analyses. */
export function projectsApi(http: Http) {
  return {
    get: (id: string) => http.request<Project>('GET', `/projects/${id}`),
    create: (body: CreateProjectRequest) => http.request<Project>('POST', '/projects', body),
    update: (id: string, body: { name?: string; description?: string | null }) => http.request<Project>('PATCH', `/projects/${id}`, body),
    remove: (id: string) => http.request<void>('DELETE', `/projects/${id}`),
    /** Moves a project to `index` in `categoryId` (same or another category); returns the whole tree. */
    move: (body: { projectId: string; categoryId: string; index: number }) => http.request<CategoryTree>('PATCH', '/projects/order', body),
  };
}
