import type { Shape } from './shape';
import type { securityEn } from './security.en';

/** 한국어: the security area, key for key with security.en.ts. */
export const securityKo: Shape<typeof securityEn> = {};
