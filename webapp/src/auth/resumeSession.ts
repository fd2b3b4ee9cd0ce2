import type { User } from '@intellio/api-client';
import { api } from '../api';

let pending: Promise<User | null> | null = null;

/**
 * Restores the session from the refresh cookie once per page load. Shared, because refresh tokens rotate:
 * a second concurrent refresh (React's StrictMode runs effects twice) would present a spent token.
 */
export function resumeSession(): Promise<User | null> {
  pending ??= api.auth.resume().catch(() => null);
  return pending;
}
