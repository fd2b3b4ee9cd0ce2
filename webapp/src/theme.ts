import { createLightTheme, type BrandVariants, type Theme } from '@fluentui/react-components';

/** Intellio indigo, from near-black (10) to near-white (160); 80 is the primary brand colour. */
export const intellioBrand: BrandVariants = {
  10: '#0a0a23',
  20: '#13143b',
  30: '#1d1e52',
  40: '#26286a',
  50: '#2f3182',
  60: '#383b9a',
  70: '#4245b1',
  80: '#4b4fc9',
  90: '#6568d1',
  100: '#7b7ed8',
  110: '#9093df',
  120: '#a5a7e5',
  130: '#b9baec',
  140: '#cdcef2',
  150: '#e0e0f8',
  160: '#f3f3fe',
};

export const intellioTheme: Theme = createLightTheme(intellioBrand);
