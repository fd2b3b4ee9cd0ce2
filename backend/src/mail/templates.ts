/**
 * Plain-text + HTML bodies for account mail, in the recipient's language (`users.language`, else English),
 * worded from the shared catalogue's `serverMail` messages. Links are absolute, built from PUBLIC_URL.
 */
import { languageOrEnglish, translator } from '../http/localize.js';
import type { MailMessage } from './mailer.js';

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * A mail with greeting lines and an optional call-to-action link (also used by billing). `language` sets
 * the signature and the HTML's `lang`, so mail clients pick a Hangul font for Korean.
 */
export function message(kind: string, to: string, subject: string, lines: string[], link?: { href: string; label: string }, language?: string | null): MailMessage {
  const lang = languageOrEnglish(language);
  const signature = translator(lang)('serverMail.signature');
  const text = [...lines, ...(link ? ['', `${link.label}: ${link.href}`] : [])].join('\n');
  const html = `<div lang="${lang}" style="font-family:Segoe UI,Arial,sans-serif;font-size:14px;line-height:1.5">${lines
    .map((l) => `<p>${escape(l)}</p>`)
    .join('')}${link ? `<p><a href="${escape(link.href)}">${escape(link.label)}</a></p>` : ''}<p style="color:#666">${escape(signature)}</p></div>`;
  return { kind, to, subject, text, html };
}

/** "Hi Ada," / "Ada님, 안녕하세요." */
export function greeting(name: string, language?: string | null): string {
  return translator(languageOrEnglish(language))('serverMail.greeting', { name });
}

export function verifyEmailMail(to: string, name: string, href: string, language?: string | null): MailMessage {
  const t = translator(languageOrEnglish(language));
  return message('verify_email', to, t('serverMail.verify.subject'), [greeting(name, language), t('serverMail.verify.body'), t('serverMail.verify.notYou')], { href, label: t('serverMail.verify.action') }, language);
}

/**
 * The link of a sign-up for an address that has an unconfirmed account already: it may be a stranger's, so it
 * greets nobody by the name that sign-up chose, says plainly that someone signed up with the address, and that
 * the link works only with the password chosen then (auth/service.ts, verifyEmail).
 */
export function signupAgainMail(to: string, href: string, language?: string | null): MailMessage {
  const t = translator(languageOrEnglish(language));
  return message(
    'verify_email',
    to,
    t('serverMail.signupAgain.subject'),
    [t('serverMail.signupAgain.greeting'), t('serverMail.signupAgain.body'), t('serverMail.signupAgain.ifYou'), t('serverMail.signupAgain.notYou')],
    { href, label: t('serverMail.verify.action') },
    language,
  );
}

/**
 * To the owner of an address someone tried to sign up with (issue 26 L2): the sign-up itself was answered
 * like any other, so this mail is where the person learns they already have an account.
 */
export function signupExistingMail(to: string, name: string, signInHref: string, resetHref: string, language?: string | null): MailMessage {
  const t = translator(languageOrEnglish(language));
  return message(
    'signup_existing',
    to,
    t('serverMail.signupExisting.subject'),
    [greeting(name, language), t('serverMail.signupExisting.body'), t('serverMail.signupExisting.forgot', { href: resetHref }), t('serverMail.signupExisting.notYou')],
    { href: signInHref, label: t('serverMail.signupExisting.action') },
    language,
  );
}

export function passwordResetMail(to: string, name: string, href: string, language?: string | null): MailMessage {
  const t = translator(languageOrEnglish(language));
  return message('password_reset', to, t('serverMail.reset.subject'), [greeting(name, language), t('serverMail.reset.body'), t('serverMail.reset.notYou')], { href, label: t('serverMail.reset.action') }, language);
}

export function passwordChangedMail(to: string, name: string, language?: string | null): MailMessage {
  const t = translator(languageOrEnglish(language));
  return message('password_changed', to, t('serverMail.changed.subject'), [greeting(name, language), t('serverMail.changed.body'), t('serverMail.changed.notYou')], undefined, language);
}

export function mfaEnabledMail(to: string, name: string, language?: string | null): MailMessage {
  const t = translator(languageOrEnglish(language));
  return message('mfa_enabled', to, t('serverMail.mfaEnabled.subject'), [greeting(name, language), t('serverMail.mfaEnabled.body'), t('serverMail.mfaEnabled.notYou')], undefined, language);
}

export function mfaDisabledMail(to: string, name: string, language?: string | null): MailMessage {
  const t = translator(languageOrEnglish(language));
  return message('mfa_disabled', to, t('serverMail.mfaDisabled.subject'), [greeting(name, language), t('serverMail.mfaDisabled.body'), t('serverMail.mfaDisabled.notYou')], undefined, language);
}
