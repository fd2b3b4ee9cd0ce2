/**
 * The per-call token trail: the backend's contract (backend/src/contract/usage.ts), taken as types only
 * (nothing of the backend is bundled), so a field the server adds is a compile error here.
 */
export type { ModelCall, TrailPage } from '../../backend/src/contract/usage.js';
