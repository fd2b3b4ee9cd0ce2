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

/** Whether the catalogues hold `key` (in English at least: other languages fall back to it). */
export function hasMessage(key: string): boolean {
  return i18n.exists(key, { lng: 'en' });
}

/** Errors whose message and details were already written in a language (validation): language by error. */
const writtenIn = new WeakMap<AppError, Language>();

/** Marks `error` as already worded in `language`, so `localizedMessage` leaves it as it is. */
export function markLocalized<E extends AppError>(error: E, language: Language): E {
  writtenIn.set(error, language);
  return error;
}

/**
 * The message of an error code in `language`. English keeps `englishMessage`, which is more specific than a
 * sentence per code can be; another language uses the catalogue's sentence for the code, and a code it has
 * no sentence for (a new one, or one from a model provider) keeps the English message rather than none.
 * Used for errors raised now and for codes stored on rows (a failed analysis keeps its code).
 */
export function messageForCode(code: string, englishMessage: string, language: Language, values: Record<string, unknown> = {}): string {
  if (language === 'en') return englishMessage;
  const key = `serverErrors.${code}`;
  if (!i18n.exists(key, { lng: language, fallbackLng: false })) return englishMessage;
  // The key is built from a runtime code, so it is looked up untyped (front ends type their keys).
  const lookup = i18n.t as (key: string, options: Record<string, unknown>) => string;
  return lookup(key, { path: '', seconds: '', ...values, lng: language });
}

/** An error's message in `language` (see `messageForCode`); one already worded in it stays as it is. */
export function localizedMessage(error: AppError, language: Language): string {
  if (writtenIn.get(error) === language) return error.message;
  const firstIssue = Array.isArray(error.details) ? (error.details[0] as { path?: unknown } | undefined) : undefined;
  const path = typeof firstIssue?.path === 'string' ? firstIssue.path : (/^([\w.[\]]+): /.exec(error.message)?.[1] ?? '');
  return messageForCode(error.code, error.message, language, { path, seconds: error.headers['Retry-After'] ?? '' });
}

/**
 * An error's per-field details in `language`. A detail raised by a service (not by zod, which is worded at
 * validation) may name its catalogue sentence as `i18n` (a `serverValidation.custom` key); the key is a
 * wording hint, not part of the API, so it is dropped in every language.
 */
export function localizedDetails(error: AppError, language: Language): unknown {
  if (!Array.isArray(error.details)) return error.details ?? null;
  const t = translator(language);
  return error.details.map((d: unknown) => {
    if (!d || typeof d !== 'object' || typeof (d as { i18n?: unknown }).i18n !== 'string') return d;
    const { i18n: key, ...rest } = d as { i18n: string; message?: string };
    const full = `serverValidation.custom.${key}`;
    const worded = language !== 'en' && writtenIn.get(error) !== language && i18n.exists(full, { lng: language, fallbackLng: false });
    return worded ? { ...rest, message: (t as unknown as (k: string) => string)(full) } : rest;
  });
}
