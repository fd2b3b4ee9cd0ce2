import type { Shape } from './shape';
import type { serverEn } from './server.en';

/** 한국어: the server area, key for key with server.en.ts. */
export const serverKo: Shape<typeof serverEn> = {};
