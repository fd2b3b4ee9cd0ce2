import { intlLocale } from '@intellio/i18n';

// Unit symbols read the same in every language we ship (Korean writes "1.5MB" too); only the number changes.
const UNITS = ['KB', 'MB', 'GB'];

/** 1536 → "1.5 KB", with the number written as the active language writes it. */
export function formatBytes(bytes: number, locale = intlLocale()): string {
  const number = (value: number, digits: number) => new Intl.NumberFormat(locale, { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(value);
  if (bytes < 1024) return `${number(bytes, 0)} B`;
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${number(value, value < 10 ? 1 : 0)} ${UNITS[unit]}`;
}
