/**
 * The language a question is written in, so the answer comes back in it: the local analyst's wording, the
 * model's instruction and the refined prompt. Korean is told by its script; everything else is English,
 * the default, until another language has messages of its own.
 */

export const LANGUAGES = ['en', 'ko'] as const;
export type Language = (typeof LANGUAGES)[number];

/** BCP 47 tags for Intl formatting. */
export const LOCALES: Record<Language, string> = { en: 'en-US', ko: 'ko-KR' };

/** How the model is told which language to answer in. */
export const LANGUAGE_NAMES: Record<Language, string> = { en: 'English', ko: 'Korean (한국어)' };

const HANGUL = /[\u1100-\u11FF\u3130-\u318F\uA960-\uA97F\uAC00-\uD7A3\uD7B0-\uD7FF]/gu;
const LETTER = /\p{L}/gu;

/**
 * Below this share of Hangul among the letters a question is English. A Korean question often names
 * English headers ("Revenue (USD) 열의 추세는?"), and one Hangul syllable says as much as two or three Latin
 * letters, so a third of the letters is already a Korean sentence; an English question naming a Korean
 * place ("Why did 서울 revenue spike?") stays well below it.
 */
const KOREAN_SHARE = 0.3;

/** The question's language: Korean when Hangul makes up enough of its letters, else English. */
export function detectLanguage(text: string): Language {
  const letters = text.match(LETTER)?.length ?? 0;
  if (!letters) return 'en';
  const hangul = text.match(HANGUL)?.length ?? 0;
  return hangul / letters >= KOREAN_SHARE ? 'ko' : 'en';
}

/**
 * A language asked for by a client (a `lang` query value or an Accept-Language header, "ko-KR,ko;q=0.9"):
 * the first tag we have messages for, else English.
 */
export function languageOf(tags: string | undefined): Language {
  for (const tag of (tags ?? '').split(',')) {
    const primary = tag.split(';')[0].trim().toLowerCase().split('-')[0];
    if ((LANGUAGES as readonly string[]).includes(primary)) return primary as Language;
  }
  return 'en';
}
