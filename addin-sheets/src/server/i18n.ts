/**
 * The words the server side says to the user (errors shown in the sidebar, the menu), in the user's
 * language: their Intellio setting (kept in user properties at sign-in), else their Google account's locale,
 * else the spreadsheet's, else English. The same catalogue and rule as the sidebar and the Excel pane.
 */
import { createI18n, detectLanguage, type Language } from '@intellio/i18n';
import type { TFunction } from 'i18next';

const SETTING = 'intellio.language';

const i18n = createI18n('en');

/** Reads one source, or nothing: in a simple trigger (AuthMode.NONE) user properties are off limits. */
function attempt(read: () => string | null | undefined): string | null {
  try {
    return read() ?? null;
  } catch {
    return null;
  }
}

/** The Google account's and the spreadsheet's locales ("ko", "ko_KR"), the order they are preferred in. */
export function sheetsLocales(): string[] {
  return [attempt(() => Session.getActiveUserLocale()), attempt(() => SpreadsheetApp.getActiveSpreadsheet()?.getSpreadsheetLocale())].filter((l): l is string => Boolean(l));
}

/** The language to speak in now. */
export function userLanguage(): Language {
  return detectLanguage({ setting: attempt(() => PropertiesService.getUserProperties().getProperty(SETTING)), preferred: sheetsLocales() });
}

/** Keeps the user's Intellio setting (null: follow Google's locale). */
export function rememberLanguage(setting: string | null | undefined): void {
  const props = PropertiesService.getUserProperties();
  if (setting) props.setProperties({ [SETTING]: setting });
  else props.deleteProperty(SETTING);
}

/** A message in the user's language. */
export function t(key: string, values?: Record<string, unknown>): string {
  return i18n.t(key, { lng: userLanguage(), ...values });
}

/** `t` fixed to the user's language, for the shared helpers that take an i18next TFunction. */
export function fixedT(): TFunction {
  return i18n.getFixedT(userLanguage());
}
