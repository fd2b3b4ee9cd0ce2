/** English messages of the security area (see ../en.ts for how areas combine). */
export const securityEn = {};
