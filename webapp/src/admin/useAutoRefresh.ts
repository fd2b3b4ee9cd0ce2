import { useCallback, useEffect, useState } from 'react';

export const REFRESH_MS = 30_000;

/**
 * Loads `load()` now, again whenever its inputs change, and every 30 s while the tab is visible (a
 * dashboard left open stays current). Returns the latest value, the last error and a manual reload.
 */
export function useAutoRefresh<T>(load: () => Promise<T>): { data: T | null; error: Error | null; reload: () => void } {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const [tick, setTick] = useState(0);
  const reload = useCallback(() => setTick((t) => t + 1), []);

  useEffect(() => {
    let cancelled = false;
    load()
      .then((d) => {
        if (cancelled) return;
        setData(d);
        setError(null);
      })
      .catch((err: unknown) => !cancelled && setError(err instanceof Error ? err : new Error(String(err))));
    return () => {
      cancelled = true;
    };
  }, [load, tick]);

  useEffect(() => {
    const timer = setInterval(() => document.visibilityState === 'visible' && reload(), REFRESH_MS);
    return () => clearInterval(timer);
  }, [reload]);

  return { data, error, reload };
}
