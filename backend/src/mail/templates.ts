/** Plain-text + HTML bodies for account mail. Links are absolute, built from PUBLIC_URL. */
import type { MailMessage } from './mailer.js';

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A mail with greeting lines and an optional call-to-action link (also used by billing). */
export function message(kind: string, to: string, subject: string, lines: string[], link?: { href: string; label: string }): MailMessage {
  const text = [...lines, ...(link ? ['', `${link.label}: ${link.href}`] : [])].join('\n');
  const html = `<div style="font-family:Segoe UI,Arial,sans-serif;font-size:14px;line-height:1.5">${lines
    .map((l) => `<p>${escape(l)}</p>`)
    .join('')}${link ? `<p><a href="${escape(link.href)}">${escape(link.label)}</a></p>` : ''}<p style="color:#666">— Intellio</p></div>`;
  return { kind, to, subject, text, html };
}

export function verifyEmailMail(to: string, name: string, href: string): MailMessage {
  return message('verify_email', to, 'Confirm your Intellio email address', [`Hi ${name},`, 'Please confirm your email address. The link is valid for 48 hours.'], { href, label: 'Confirm email' });
}

export function passwordResetMail(to: string, name: string, href: string): MailMessage {
  return message('password_reset', to, 'Reset your Intellio password', [`Hi ${name},`, 'Someone (hopefully you) asked to reset your password. The link is valid for 30 minutes and works once.', 'If it was not you, ignore this email: your password stays as it is.'], { href, label: 'Choose a new password' });
}

export function passwordChangedMail(to: string, name: string): MailMessage {
  return message('password_changed', to, 'Your Intellio password was changed', [`Hi ${name},`, 'Your password was just changed and every other session was signed out.', 'If this was not you, reset your password now and contact support.']);
}
