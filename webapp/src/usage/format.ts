/**
 * Number, money and date formatting shared by the home, usage, admin and billing pages, in the locale of the
 * language the app shows (the last argument overrides it).
 */
import { en, intlLocale } from '@intellio/i18n';
import type { TFunction } from 'i18next';

/**
 * A BCP 47 locale, or nothing for the active one. These functions are also handed to charts as callbacks
 * (recharts' `tickFormatter` passes the tick index second), so a number also means "the active one".
 */
type LocaleArg = string | number | undefined;
const loc = (locale: LocaleArg) => (typeof locale === 'string' ? locale : intlLocale());

export const formatNumber = (n: number | null | undefined, locale?: LocaleArg) => (n == null ? '—' : new Intl.NumberFormat(loc(locale)).format(n));
/**
 * A duration in ms or s with Intl's unit names. Korean's short millisecond is the Latin "ms", so Korean
 * gets the long unit names (밀리초, 초).
 */
export function formatMs(ms: number | null | undefined, locale?: LocaleArg): string {
  if (ms == null) return '—';
  const tag = loc(locale);
  const unitDisplay = tag.startsWith('ko') ? 'long' : 'short';
  if (ms < 1000) return new Intl.NumberFormat(tag, { style: 'unit', unit: 'millisecond', unitDisplay }).format(ms);
  return new Intl.NumberFormat(tag, { style: 'unit', unit: 'second', unitDisplay, minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(ms / 1000);
}
export const formatPercent = (r: number | null | undefined, locale?: LocaleArg) =>
  r == null ? '—' : new Intl.NumberFormat(loc(locale), { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(r);
/**
 * Date and time. Korean uses the 24-hour clock: CLDR now abbreviates 오전/오후 as "AM"/"PM", which would
 * leave Latin letters in a Korean screen.
 */
export function formatDateTime(iso: string | null | undefined, locale?: LocaleArg): string {
  if (!iso) return '—';
  const tag = loc(locale);
  return new Date(iso).toLocaleString(tag, { dateStyle: 'medium', timeStyle: 'short', ...(tag.startsWith('ko') ? { hourCycle: 'h23' as const } : {}) });
}
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
/**
 * "auth.login_failed" → `usage.actions.auth_login_failed`: the activity log in words. An action the
 * catalogue does not know yet (a newer server) is still shown, with its code.
 */
export function describeAction(action: string, t: TFunction): string {
  const key = action.replace(/\./g, '_');
  return key in en.usage.actions ? t(`usage.actions.${key as keyof typeof en.usage.actions}`) : t('usage.activity.other', { action });
}
