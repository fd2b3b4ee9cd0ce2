/** English messages of the workspace area (see ../en.ts for how areas combine). */
export const workspaceEn = {};
