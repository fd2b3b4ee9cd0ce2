/**
 * The web app's i18next instance. The language is the account's setting once signed in (see
 * useAccountLanguage), else the choice kept in this browser, else the browser's languages, else English;
 * `<html lang>` follows it so screen readers and fonts pick Hangul.
 */
import { createI18n, detectLanguage, toLanguage, type Language } from '@intellio/i18n';
import { initReactI18next } from 'react-i18next';

const STORAGE_KEY = 'intellio.language';

function storedLanguage(): string | null {
  try {
    return localStorage.getItem(STORAGE_KEY);
  } catch {
    return null; // storage blocked (private mode, sandboxed frame): fall back to the browser's languages
  }
}

export const i18n = createI18n(detectLanguage({ setting: storedLanguage(), preferred: navigator.languages }), [initReactI18next]);

function syncDocumentLanguage(language: string) {
  document.documentElement.lang = language;
}
syncDocumentLanguage(i18n.language);
i18n.on('languageChanged', syncDocumentLanguage);

/** The language the app shows now. */
export function currentLanguage(): Language {
  return toLanguage(i18n.language) ?? 'en';
}

/** Switches the language and remembers it in this browser. */
export async function chooseLanguage(language: Language): Promise<void> {
  try {
    localStorage.setItem(STORAGE_KEY, language);
  } catch {
    // Not remembered, but still switched for this visit.
  }
  await i18n.changeLanguage(language);
}

/** Forgets this browser's choice: the browser's own languages decide again. */
export async function followBrowser(): Promise<void> {
  try {
    localStorage.removeItem(STORAGE_KEY);
  } catch {
    // Nothing was stored where storage is blocked.
  }
  await i18n.changeLanguage(detectLanguage({ preferred: navigator.languages }));
}
