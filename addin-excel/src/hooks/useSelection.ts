import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../api';
import { readSelection, watchSelection } from '../host/selection';
import type { SelectionResult } from '../host/types';

/** The live selection: read on mount, on every selection change and when the header option flips. */
export function useSelection(firstRowIsHeaders: boolean) {
  const { t } = useTranslation();
  const [result, setResult] = useState<SelectionResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  // Kept apart from read errors: a successful read must not hide that changes will not be followed.
  const [watchError, setWatchError] = useState<string | null>(null);

  const refresh = useCallback(async () => {
    try {
      setResult(await readSelection({ firstRowIsHeaders, columnName: (n) => t('pane.selection.column', { n }) }));
      setError(null);
    } catch (err) {
      setError(errorMessage(err, t) || t('pane.selection.readFailed'));
    }
  }, [firstRowIsHeaders, t]);

  useEffect(() => {
    void refresh();
    // A host without selection events still reads the selection once; the pane says why it will not follow.
    try {
      return watchSelection(() => void refresh());
    } catch (err) {
      setWatchError(errorMessage(err, t));
      return undefined;
    }
  }, [refresh, t]);

  return { result, error: error ?? watchError, refresh };
}
