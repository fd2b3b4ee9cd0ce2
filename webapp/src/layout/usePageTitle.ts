import { useEffect } from 'react';

/** Sets the tab title to "<page> · Intellio" (tabs and history then say where you are). */
export function usePageTitle(page: string): void {
  useEffect(() => {
    document.title = page ? `${page} · Intellio` : 'Intellio';
  }, [page]);
}
