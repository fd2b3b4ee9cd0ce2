/** English messages of the server area (see ../en.ts for how areas combine). */
export const serverEn = {};
