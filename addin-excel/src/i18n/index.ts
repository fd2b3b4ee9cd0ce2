/**
 * The pane's i18next instance. The language is the user's own setting once signed in, else Office's display
 * language, else English (the same rule as the web app and the Sheets sidebar, through `detectLanguage`).
 */
import { createI18n, detectLanguage, intlLocale, toLanguage, type Language } from '@intellio/i18n';
import { initReactI18next } from 'react-i18next';

/** Office's UI language ("ko-KR"), when office.js is there and the host says. */
export function officeLanguage(): string | null {
  try {
    return typeof Office !== 'undefined' ? (Office.context?.displayLanguage ?? null) : null;
  } catch {
    return null; // an older host throws when context is read before it is ready
  }
}

function browserLanguages(): readonly string[] {
  return typeof navigator !== 'undefined' ? navigator.languages : [];
}

/** The product's name, the same in every language (so not in the catalogue, whose Korean is all Hangul). */
export const BRAND = 'Intellio';

/** Created before Office is ready (the outside-Excel page needs words too); `syncLanguage` refines it. */
export const i18n = createI18n(detectLanguage({ preferred: [...[officeLanguage()].filter((l): l is string => Boolean(l)), ...browserLanguages()] }), [initReactI18next]);

/** The language the pane shows now. */
export function currentLanguage(): Language {
  return toLanguage(i18n.language) ?? 'en';
}

/** Picks the language again: the signed-in user's setting first, then Office, then the browser. */
export async function syncLanguage(setting?: string | null): Promise<void> {
  const language = detectLanguage({ setting, preferred: [...[officeLanguage()].filter((l): l is string => Boolean(l)), ...browserLanguages()] });
  document.documentElement.lang = language;
  if (language !== i18n.language) await i18n.changeLanguage(language);
}

/** Numbers the way the pane's language writes them ("1,234" in both English and Korean). */
export function formatNumber(n: number): string {
  return new Intl.NumberFormat(intlLocale(currentLanguage())).format(n);
}
