import { intlLocale } from '@intellio/i18n';

// Binary multiples (1 KB = 1,024 bytes) with the symbols every language we ship reads: only the number and
// the spacing change with the locale ("1.5 MB" in English, "1.5MB" in Korean, "1,5 MB" in German).
const UNITS = [
  ['byte', 'B'],
  ['kilobyte', 'KB'],
  ['megabyte', 'MB'],
  ['gigabyte', 'GB'],
] as const;

/**
 * 1536 → "1.5 KB" ("1.5KB" in Korean). Intl lays out the number and its unit as the locale writes them; its
 * own symbol ("kB", a decimal kilobyte) is swapped for ours, since the value is counted in 1,024s.
 */
export function formatBytes(bytes: number, locale = intlLocale()): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const digits = unit > 0 && value < 10 ? 1 : 0;
  const [name, symbol] = UNITS[unit];
  return new Intl.NumberFormat(locale, { style: 'unit', unit: name, unitDisplay: 'short', minimumFractionDigits: digits, maximumFractionDigits: digits })
    .formatToParts(value)
    .map((part) => (part.type === 'unit' ? symbol : part.value))
    .join('');
}
