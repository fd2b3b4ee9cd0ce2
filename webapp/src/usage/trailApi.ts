/** The per-call token trail (one row per model call, newest first) as the API pages it. */
import type { TrailPage } from '@intellio/api-client';
import { api } from '../api';

export type { ModelCall, TrailPage } from '@intellio/api-client';

/** One page of a trail endpoint (e.g. `/admin/users/:id/trail`), with its pagination envelope. */
export async function getTrailPage(path: string, page: number, pageSize = 25): Promise<TrailPage> {
  const res = await api.http.raw('GET', `${path}?page=${page}&pageSize=${pageSize}`);
  return (await res.json()) as TrailPage;
}
