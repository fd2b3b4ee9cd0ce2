/** English messages of the panes area (see ../en.ts for how areas combine). */
export const panesEn = {};
