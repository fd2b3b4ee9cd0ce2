import type { Category, CategoryTree, Project } from '@intellio/api-client';
import { createContext } from 'react';

export interface TreeContextValue {
  /** null while the first load is in flight. */
  tree: CategoryTree | null;
  error: string | null;
  reload(): Promise<void>;
  createCategory(name: string): Promise<Category | null>;
  renameCategory(id: string, name: string): Promise<boolean>;
  deleteCategory(id: string, moveProjectsTo?: string): Promise<boolean>;
  createProject(categoryId: string, name: string): Promise<Project | null>;
  renameProject(id: string, name: string): Promise<boolean>;
  deleteProject(id: string): Promise<boolean>;
  /** Optimistic: the tree changes now and goes back (with a toast) if the server refuses. */
  moveCategory(id: string, index: number): Promise<void>;
  moveProject(id: string, categoryId: string, index: number): Promise<void>;
}

export const TreeContext = createContext<TreeContextValue | null>(null);
