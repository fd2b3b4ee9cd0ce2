/** English messages of the manage area (see ../en.ts for how areas combine). */
export const manageEn = {};
