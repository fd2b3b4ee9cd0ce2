/**
 * Number, money and date formatting shared by the home, usage, admin and billing pages, in the locale of the
 * language the app shows (the last argument overrides it).
 */
import { intlLocale } from '@intellio/i18n';

/**
 * A BCP 47 locale, or nothing for the active one. These functions are also handed to charts as callbacks
 * (recharts' `tickFormatter` passes the tick index second), so a number also means "the active one".
 */
type LocaleArg = string | number | undefined;
const loc = (locale: LocaleArg) => (typeof locale === 'string' ? locale : intlLocale());

export const formatNumber = (n: number | null | undefined, locale?: LocaleArg) => (n == null ? '—' : new Intl.NumberFormat(loc(locale)).format(n));
export const formatMs = (ms: number | null | undefined, locale?: LocaleArg) =>
  ms == null ? '—' : ms < 1000 ? `${new Intl.NumberFormat(loc(locale)).format(ms)} ms` : `${new Intl.NumberFormat(loc(locale), { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(ms / 1000)} s`;
export const formatPercent = (r: number | null | undefined, locale?: LocaleArg) =>
  r == null ? '—' : new Intl.NumberFormat(loc(locale), { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(r);
export const formatDateTime = (iso: string | null | undefined, locale?: LocaleArg) => (iso ? new Date(iso).toLocaleString(loc(locale), { dateStyle: 'medium', timeStyle: 'short' }) : '—');
/** "Mar 4, 2026" / "2026년 3월 4일": a day, in the viewer's time zone. */
export const formatDate = (iso: string, locale?: LocaleArg) => new Date(iso).toLocaleDateString(loc(locale), { month: 'short', day: 'numeric', year: 'numeric' });
/**
 * An amount in the currency's smallest unit, as the API and Stripe keep it: cents for usd, won for krw (a
 * zero-decimal currency: 12000 is ₩12,000). The digits come from Intl's currency data; Stripe counts isk,
 * huf and ugx in hundredths although ISO gives them none.
 */
export function formatMoney(minorUnits: number, currency = 'usd', locale?: LocaleArg): string {
  const format = new Intl.NumberFormat(loc(locale), { style: 'currency', currency: currency.toUpperCase() });
  const digits = ['isk', 'huf', 'ugx'].includes(currency.toLowerCase()) ? 2 : (format.resolvedOptions().maximumFractionDigits ?? 2);
  return format.format(minorUnits / 10 ** digits);
}
/** "2026-03-04" → "Mar 4" ("3월 4일") for chart axes. */
export const formatPeriod = (period: string, locale?: LocaleArg) => new Date(`${period}T00:00:00Z`).toLocaleDateString(loc(locale), { month: 'short', day: 'numeric', timeZone: 'UTC' });
/** "auth.login_failed" → "Sign-in failed": the activity log in words. */
const ACTIONS: Record<string, string> = {
  'auth.signup': 'Signed up',
  'auth.login': 'Signed in',
  'auth.login_failed': 'Sign-in failed',
  'auth.logout': 'Signed out',
  'auth.password_reset_requested': 'Password reset requested',
  'auth.password_reset': 'Password reset',
  'auth.email_verified': 'Email verified',
  'user.password_changed': 'Password changed',
  'session.token_reuse': 'Sessions ended (token reuse)',
  'document.upload': 'Document uploaded',
  'document.delete': 'Document deleted',
  'project.create': 'Project created',
  'project.delete': 'Project deleted',
  'analysis.create': 'Analysis',
  'analysis.cancel': 'Analysis cancelled',
  'template.create': 'Template created',
  'template.update': 'Template changed',
  'template.delete': 'Template deleted',
  'admin.user_disabled': 'Admin: user disabled',
  'admin.user_enabled': 'Admin: user enabled',
  'admin.backup_started': 'Admin: backup started',
};

export function describeAction(action: string): string {
  if (ACTIONS[action]) return ACTIONS[action];
  // Billing records `payment.*` (succeeded, failed, refunded…): shown as "Payment succeeded".
  const [domain, ...rest] = action.split('.');
  const words = rest.join(' ').replaceAll('_', ' ');
  return `${domain.charAt(0).toUpperCase()}${domain.slice(1)}${words ? ` ${words}` : ''}`;
}
