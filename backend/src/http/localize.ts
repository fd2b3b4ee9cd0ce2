/**
 * The API's words in the reader's language: error messages by code (the code itself never changes, so
 * clients keep matching on it) and, through `translator`, every email. One i18next instance over the shared
 * catalogues; `getFixedT` gives a language-bound `t` without changing any global language.
 */
import { createI18n, intlLocale, toLanguage, type Language } from '@intellio/i18n';
import type { TFunction } from 'i18next';
import type { Context } from 'koa';
import { languageOf } from '../prompts/language.js';
import type { AppError } from './errors.js';

export type { Language };

const i18n = createI18n('en');

/** `t` bound to one language (falls back to English for a key the language lacks). */
export function translator(language: Language): TFunction {
  return i18n.getFixedT(language);
}

/** A stored or requested language ("ko", "ko-KR", null) as one we write in; English otherwise. */
export function languageOrEnglish(tag: string | null | undefined): Language {
  return toLanguage(tag) ?? 'en';
}

/** The `Intl` locale of a language ("ko-KR"): dates and money in mail. */
export function localeOf(language: Language): string {
  return intlLocale(language);
}

/**
 * The language to answer a request in: the signed-in user's own setting, else the first language of
 * Accept-Language we write in, else English. The setting wins because it is a choice, while the header is
 * only what the browser or OS happens to be set to (the add-ins send their own language in it).
 */
export function requestLanguage(ctx: Context): Language {
  const setting = toLanguage((ctx.state.user as { language?: string | null } | undefined)?.language);
  return setting ?? languageOf(ctx.get('Accept-Language') || undefined);
}

/**
 * An error's message in `language`. English keeps the error's own message, which is more specific than a
 * sentence per code can be; another language uses the catalogue's sentence for the code, and a code it has
 * no sentence for (a new one, or one from a model provider) keeps the English message rather than none.
 */
export function localizedMessage(error: AppError, language: Language): string {
  if (language === 'en') return error.message;
  const key = `serverErrors.${error.code}`;
  if (!i18n.exists(key, { lng: language, fallbackLng: false })) return error.message;
  const firstIssue = Array.isArray(error.details) ? (error.details[0] as { path?: unknown } | undefined) : undefined;
  const path = typeof firstIssue?.path === 'string' ? firstIssue.path : (/^([\w.[\]]+): /.exec(error.message)?.[1] ?? '');
  // The key is built from a runtime code, so it is looked up untyped (front ends type their keys).
  const lookup = i18n.t as (key: string, options: Record<string, unknown>) => string;
  return lookup(key, { lng: language, path, seconds: error.headers['Retry-After'] ?? '' });
}
