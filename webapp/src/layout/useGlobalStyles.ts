import { makeStaticStyles } from '@fluentui/react-components';

/** Page-level resets Fluent leaves to the app (it styles only what it renders). */
export const useGlobalStyles = makeStaticStyles({
  'html, body': {
    margin: 0,
    padding: 0,
  },
  body: {
    WebkitFontSmoothing: 'antialiased',
  },
  '*, *::before, *::after': {
    boxSizing: 'border-box',
  },
});
