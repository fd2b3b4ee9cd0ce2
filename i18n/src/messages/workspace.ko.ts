import type { Shape } from './shape';
import type { workspaceEn } from './workspace.en';

/** 한국어: the workspace area, key for key with workspace.en.ts. */
export const workspaceKo: Shape<typeof workspaceEn> = {};
