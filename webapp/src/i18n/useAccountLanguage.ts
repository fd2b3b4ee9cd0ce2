import type { Language } from '@intellio/i18n';
import { useCallback, useEffect } from 'react';
import { api } from '../api';
import { useAuth } from '../auth/useAuth';
import { chooseLanguage, currentLanguage, followBrowser } from './index';

/**
 * Applies the signed-in account's language (its setting travels with the account, so a fresh browser shows
 * it after sign-in). It is also kept in this browser, so the signed-out pages that follow speak it too.
 * An account without a setting leaves the browser's choice alone.
 */
export function useAccountLanguage(): void {
  const { user } = useAuth();
  const language = user?.language ?? null;
  useEffect(() => {
    if (language && language !== currentLanguage()) void chooseLanguage(language);
  }, [language]);
}

/**
 * Saves a language choice (null: follow the browser) to the account when signed in, and shows it at once.
 * Rejects when the account could not be updated; the screen has switched already.
 */
export function useSaveLanguage(): (language: Language | null) => Promise<void> {
  const { user, updateUser } = useAuth();
  const signedIn = user !== null;
  return useCallback(
    async (language: Language | null) => {
      await (language ? chooseLanguage(language) : followBrowser());
      if (signedIn) updateUser(await api.auth.updateMe({ language }));
    },
    [signedIn, updateUser],
  );
}
