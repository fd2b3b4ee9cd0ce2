/**
 * "Is this sign-in still live?" for every authenticated request: an access token names its session family
 * (`sid`), and logout or refresh-token reuse revokes that family. Live answers are cached in-process for
 * SESSION_CHECK_CACHE_MS so a busy client costs one indexed query per couple of seconds; revocations made by
 * this process drop the entry at once, and other processes see them within that window at most.
 */
import type { Knex } from 'knex';
import { RefreshToken } from './model.js';

export const SESSION_CHECK_CACHE_MS = 2_000;
const MAX_ENTRIES = 10_000;

/** familyId → time until which it is known to be live. Revoked families are never cached. */
const liveUntil = new Map<string, number>();

export async function isSessionLive(knex: Knex, familyId: string): Promise<boolean> {
  const now = Date.now();
  const cachedUntil = liveUntil.get(familyId);
  if (cachedUntil !== undefined && cachedUntil > now) return true;
  const row = await RefreshToken.query(knex).select('id').where({ familyId }).whereNull('revokedAt').first();
  if (!row) {
    liveUntil.delete(familyId);
    return false;
  }
  // Bounded: a full map is simply dropped (the cost is one query per live session, not a wrong answer).
  if (liveUntil.size >= MAX_ENTRIES) liveUntil.clear();
  liveUntil.set(familyId, now + SESSION_CHECK_CACHE_MS);
  return true;
}

/** Called on revocation so this process refuses the family's access tokens immediately. */
export function forgetSession(familyId: string): void {
  liveUntil.delete(familyId);
}
