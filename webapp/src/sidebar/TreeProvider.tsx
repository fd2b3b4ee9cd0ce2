import type { CategoryTree } from '@intellio/api-client';
import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api';
import { errorMessage } from '../forms/apiErrors';
import { useNotify } from '../notify/useNotify';
import { SidebarDrawerProvider } from './SidebarDrawerProvider';
import { TreeContext, type TreeContextValue } from './TreeContext';
import * as ops from './treeOps';

/**
 * Loads the sidebar tree once per session and owns every change to it. It also holds the phone drawer's
 * open state (SidebarDrawerProvider), so the shell mounts one provider for everything the sidebar shares.
 */
export function TreeProvider({ children }: { children: ReactNode }) {
  const notify = useNotify();
  const { t } = useTranslation();
  const [tree, setTreeState] = useState<CategoryTree | null>(null);
  // Mirror of the latest tree, read when an optimistic move needs the state to roll back to.
  const current = useRef<CategoryTree | null>(null);
  const setTree = useCallback((next: CategoryTree | null | ((t: CategoryTree | null) => CategoryTree | null)) => {
    current.current = typeof next === 'function' ? next(current.current) : next;
    setTreeState(current.current);
  }, []);
  const [error, setError] = useState<string | null>(null);

  const reload = useCallback(async () => {
    try {
      setTree(await api.categories.tree());
      setError(null);
    } catch (err) {
      setError(errorMessage(err));
    }
  }, [setTree]);

  useEffect(() => {
    void reload();
  }, [reload]);

  /** Runs `call`, toasting its failure; returns its result or null. */
  const attempt = useCallback(
    async <T,>(title: string, call: () => Promise<T>): Promise<T | null> => {
      try {
        return await call();
      } catch (err) {
        notify('error', title, errorMessage(err));
        return null;
      }
    },
    [notify],
  );

  const pending = useRef(0);
  const optimistic = useCallback(
    async (title: string, edit: (t: CategoryTree) => CategoryTree, call: () => Promise<CategoryTree>) => {
      // Applied synchronously so the drop lands without a flash of the old order.
      const before = current.current;
      if (!before) return;
      setTree(edit(before));
      pending.current += 1;
      try {
        const next = await call();
        // A later move already on screen wins over this answer; the last answer carries both.
        if (pending.current === 1) setTree(next);
      } catch (err) {
        notify('error', title, t('sidebar.failed.orderRestored', { message: errorMessage(err) }));
        if (pending.current === 1) setTree(before);
        else void reload();
      } finally {
        pending.current -= 1;
      }
    },
    [notify, setTree, reload, t],
  );

  const value = useMemo<TreeContextValue>(
    () => ({
      tree,
      error,
      reload,
      createCategory: async (name) => {
        const category = await attempt(t('sidebar.failed.createCategory'), () => api.categories.create(name));
        if (category) setTree((t) => [...(t ?? []), category]);
        return category;
      },
      renameCategory: async (id, name) => {
        const renamed = await attempt(t('sidebar.failed.renameCategory'), () => api.categories.rename(id, name));
        if (renamed) setTree((t) => t && t.map((c) => (c.id === id ? { ...c, name: renamed.name } : c)));
        return renamed !== null;
      },
      deleteCategory: async (id, moveProjectsTo) => {
        const done = await attempt(t('sidebar.failed.deleteCategory'), () => api.categories.remove(id, moveProjectsTo));
        if (done) await reload();
        return done !== null;
      },
      createProject: async (categoryId, name) => {
        const project = await attempt(t('sidebar.failed.createProject'), () => api.projects.create({ categoryId, name }));
        if (project) setTree((t) => t && t.map((c) => (c.id === categoryId ? { ...c, projects: [...c.projects, project] } : c)));
        return project;
      },
      renameProject: async (id, name) => {
        const project = await attempt(t('sidebar.failed.renameProject'), () => api.projects.update(id, { name }));
        if (project) setTree((t) => t && t.map((c) => ({ ...c, projects: c.projects.map((p) => (p.id === id ? project : p)) })));
        return project !== null;
      },
      deleteProject: async (id) => {
        const done = await attempt(t('sidebar.failed.deleteProject'), async () => {
          await api.projects.remove(id);
          return true;
        });
        if (done) await reload();
        return done !== null;
      },
      moveCategory: (id, index) =>
        optimistic(t('sidebar.failed.moveCategory'), (t) => ops.moveCategory(t, id, index), () => api.categories.move(id, index)),
      moveProject: (id, categoryId, index) =>
        optimistic(
          t('sidebar.failed.moveProject'),
          (t) => ops.moveProject(t, id, categoryId, index),
          () => api.projects.move({ projectId: id, categoryId, index }),
        ),
    }),
    [tree, error, reload, attempt, optimistic, setTree, t],
  );

  return (
    <TreeContext.Provider value={value}>
      <SidebarDrawerProvider>{children}</SidebarDrawerProvider>
    </TreeContext.Provider>
  );
}
