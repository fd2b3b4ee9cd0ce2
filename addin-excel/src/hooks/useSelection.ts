import { useCallback, useEffect, useState } from 'react';
import { readSelection, watchSelection } from '../host/selection';
import type { SelectionResult } from '../host/types';

/** The live selection: read on mount, on every selection change and when the header option flips. */
export function useSelection(firstRowIsHeaders: boolean) {
  const [result, setResult] = useState<SelectionResult | null>(null);
  const [error, setError] = useState<string | null>(null);

  const refresh = useCallback(async () => {
    try {
      setResult(await readSelection({ firstRowIsHeaders }));
      setError(null);
    } catch (err) {
      setError(err instanceof Error ? err.message : 'Could not read the selection.');
    }
  }, [firstRowIsHeaders]);

  useEffect(() => {
    void refresh();
    return watchSelection(() => void refresh());
  }, [refresh]);

  return { result, error, refresh };
}
