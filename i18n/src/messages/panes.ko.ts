import type { Shape } from './shape';
import type { panesEn } from './panes.en';

/** 한국어: the panes area, key for key with panes.en.ts. */
export const panesKo: Shape<typeof panesEn> = {};
