import { intlLocale } from '@intellio/i18n';

/** "a, b and c" / "a, b 및 c": a list of names or addresses joined the way the active language does. */
export function listText(items: string[]): string {
  return new Intl.ListFormat(intlLocale(), { style: 'long', type: 'conjunction' }).format(items);
}
