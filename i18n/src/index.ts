/**
 * One message catalogue per language, shared by the web app and (later) the Excel pane and the Sheets
 * sidebar, with the language choice every front end makes the same way.
 */
import { createInstance, type i18n, type Module } from 'i18next';
import { en, type Catalogue } from './en';
import { ko } from './ko';

export { en, ko, type Catalogue };

export const LANGUAGES = ['en', 'ko'] as const;
export type Language = (typeof LANGUAGES)[number];

/** Each language named in itself, as a language switcher shows it. */
export const LANGUAGE_NAMES: Record<Language, string> = { en: 'English', ko: '한국어' };

/** The `Intl` locale per language: en-US keeps the formats the English screens have always shown. */
const INTL_LOCALES: Record<Language, string> = { en: 'en-US', ko: 'ko-KR' };

export const catalogues: Record<Language, Catalogue> = { en, ko };

/** "ko", "ko-KR", "KO_kr" → "ko"; anything we do not ship → null. */
export function toLanguage(tag: string | null | undefined): Language | null {
  const base = tag?.trim().toLowerCase().split(/[-_]/)[0];
  return (LANGUAGES as readonly string[]).includes(base ?? '') ? (base as Language) : null;
}

/**
 * The language to show: the user's own setting if any, else the first of the browser's (or host's)
 * preferred languages that we ship, else English.
 */
export function detectLanguage(sources: { setting?: string | null; preferred?: readonly string[] }): Language {
  const setting = toLanguage(sources.setting);
  if (setting) return setting;
  for (const tag of sources.preferred ?? []) {
    const language = toLanguage(tag);
    if (language) return language;
  }
  return 'en';
}

let active: Language = 'en';

/** The `Intl` locale of a language, by default the one the app shows now (numbers, money, dates). */
export function intlLocale(language: Language = active): string {
  return INTL_LOCALES[language];
}

/**
 * A fresh i18next instance over the catalogues, ready synchronously (the resources are bundled). Plugins
 * (react-i18next's `initReactI18next`) are registered before init. It keeps `intlLocale()` in step.
 */
export function createI18n(language: Language, plugins: Module[] = []): i18n {
  const instance = createInstance();
  for (const plugin of plugins) instance.use(plugin);
  instance.on('languageChanged', (lng: string) => {
    active = toLanguage(lng) ?? 'en';
  });
  void instance.init({
    lng: language,
    fallbackLng: 'en',
    supportedLngs: [...LANGUAGES],
    resources: { en: { translation: en }, ko: { translation: ko } },
    // React escapes what it renders; escaping here would show "&amp;" in the page.
    interpolation: { escapeValue: false },
    initAsync: false,
    returnNull: false,
  });
  active = language;
  return instance;
}
