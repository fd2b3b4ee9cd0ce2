import { en } from '@intellio/i18n';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';

/** A tier id ("pro") in the screen's language; an id the catalogue does not know is shown as it is. */
export function useTierText(): (tier: string) => string {
  const { t } = useTranslation();
  return useCallback((tier: string) => (tier in en.tiers ? t(`tiers.${tier as keyof typeof en.tiers}`) : tier), [t]);
}
