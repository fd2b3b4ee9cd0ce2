/** Small builders for test data, each going through the public API. */
import { randomBytes } from 'node:crypto';
import type { Json, TestApp } from './app.js';

export const PASSWORD = 'correct horse battery';

export function uniqueEmail(prefix = 'user'): string {
  return `${prefix}.${randomBytes(5).toString('hex')}@example.test`;
}

export interface SignedUpUser {
  id: string;
  email: string;
  password: string;
  accessToken: string;
  refreshToken: string;
  user: Json;
}

/** Signs a user up as an add-in client (tokens in the body). */
export async function buildUser(app: TestApp, overrides: { email?: string; password?: string; name?: string } = {}): Promise<SignedUpUser> {
  const email = overrides.email ?? uniqueEmail();
  const password = overrides.password ?? PASSWORD;
  const res = await app.request('POST', '/api/v1/auth/signup', { email, password, name: overrides.name ?? 'Test User', client: 'addin' });
  if (res.status !== 201) throw new Error(`signup failed: ${res.status} ${res.text}`);
  const d = res.body.data;
  return { id: d.user.id, email, password, accessToken: d.accessToken, refreshToken: d.refreshToken, user: d.user };
}

/** The newest outbox message of a kind to an address (waits for background mail to finish). */
export async function lastMail(app: TestApp, to: string, kind: string): Promise<{ text: string; link: string | null }> {
  await app.deps.background.idle();
  const row = await app.deps.knex('outbox').where({ to, kind }).orderBy('created_at', 'desc').first();
  if (!row) throw new Error(`no ${kind} mail to ${to}`);
  const link = /(https?:\/\/\S+)/.exec(row.text as string)?.[1] ?? null;
  return { text: row.text as string, link };
}

export function tokenFromLink(link: string | null): string {
  const token = link ? new URL(link).searchParams.get('token') : null;
  if (!token) throw new Error(`no token in ${link}`);
  return token;
}
