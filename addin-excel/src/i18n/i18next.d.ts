import type { en } from '@intellio/i18n';

// Typed keys: `t('pane.signIn.submit')` is checked against the English catalogue, so a typo is a compile error.
declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: typeof en };
  }
}
