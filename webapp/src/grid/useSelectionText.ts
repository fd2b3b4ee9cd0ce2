import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { cellCount, rangesText, type Selection } from './selection';

/** "A1:B3, D2 · 7 cells" (Korean: "A1:B3, D2 · 셀 7개"), in the active language. */
export function useSelectionText(): (selection: Selection) => string {
  const { t } = useTranslation();
  return useCallback((selection: Selection) => t('grid.selection', { ranges: rangesText(selection), count: cellCount(selection) }), [t]);
}
