import type { User } from '@intellio/api-client';
import { api } from '../api';

const attempts = new Map<string, Promise<User>>();

/**
 * Verification links are single-use, so a repeated call (StrictMode's double effect, a re-render) must reuse
 * the first request instead of spending the token twice and reporting a false "invalid link".
 */
export function verifyEmailOnce(token: string): Promise<User> {
  let attempt = attempts.get(token);
  if (!attempt) {
    attempt = api.auth.verify(token).then((result) => result.user);
    attempts.set(token, attempt);
  }
  return attempt;
}
