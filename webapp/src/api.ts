/**
 * The web app's one API client. The refresh token lives in an httpOnly cookie, the access token in memory.
 */
import { createApiClient } from '@intellio/api-client';

type SessionListener = () => void;
const sessionExpiredListeners = new Set<SessionListener>();

/**
 * Refresh tokens rotate and the server revokes the whole family when a rotated one is presented again. Two
 * tabs restoring at once (a browser restart) would both send the same cookie and sign each other out, so
 * refreshes are serialised across tabs with a Web Lock: the second one then carries the rotated cookie.
 */
const fetchWithRefreshLock: typeof fetch = async (input, init) => {
  const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
  if (!url.endsWith('/api/v1/auth/refresh') || typeof navigator === 'undefined' || !navigator.locks) {
    return fetch(input, init);
  }
  return await navigator.locks.request('intellio-auth-refresh', () => fetch(input, init));
};

export const api = createApiClient({
  baseUrl: '',
  client: 'web',
  fetch: fetchWithRefreshLock,
  onSessionExpired: () => sessionExpiredListeners.forEach((listener) => listener()),
});

/** Calls `listener` when the session ends for good (refresh refused); returns the unsubscribe function. */
export function onSessionExpired(listener: SessionListener): () => void {
  sessionExpiredListeners.add(listener);
  return () => sessionExpiredListeners.delete(listener);
}
