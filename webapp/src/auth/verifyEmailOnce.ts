import type { VerifyResponse } from '@intellio/api-client';
import { api } from '../api';

const attempts = new Map<string, Promise<VerifyResponse>>();

/**
 * Verification links are single-use, so a repeated call (StrictMode's double effect, a re-render) must reuse
 * the first request instead of spending the token twice and reporting a false "invalid link".
 */
export function verifyEmailOnce(token: string): Promise<VerifyResponse> {
  let attempt = attempts.get(token);
  if (!attempt) {
    attempt = api.auth.verify(token);
    attempts.set(token, attempt);
  }
  return attempt;
}
