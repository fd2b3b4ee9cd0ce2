import type { Shape } from './shape';
import type { manageEn } from './manage.en';

/** 한국어: the manage area, key for key with manage.en.ts. */
export const manageKo: Shape<typeof manageEn> = {};
