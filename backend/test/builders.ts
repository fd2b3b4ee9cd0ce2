/** Small builders for test data, each going through the public API. */
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Secret, TOTP } from 'otpauth';
import { issueSession } from '../src/auth/session.js';
import { presentUser } from '../src/users/presenter.js';
import { User } from '../src/users/model.js';
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

/**
 * Signs a user up and in as an add-in client (tokens in the body). The first account of an empty server is
 * signed in by the sign-up itself. Any other sign-up only answers "verification sent" (issue 26 L2), and an
 * unconfirmed address cannot sign in with its password: the builder confirms the address, as its link would,
 * and starts the session through the service, so no sign-in shows up in the activity log. With
 * `{ verified: false }` the address stays unconfirmed, its link in the outbox (a session all the same, for
 * tests about what an unconfirmed account may see).
 */
export async function buildUser(
  app: TestApp,
  overrides: { email?: string; password?: string; name?: string; verified?: boolean } = {},
): Promise<SignedUpUser> {
  const email = overrides.email ?? uniqueEmail();
  const password = overrides.password ?? PASSWORD;
  const startedAt = Date.now();
  const res = await app.request('POST', '/api/v1/auth/signup', { email, password, name: overrides.name ?? 'Test User', client: 'addin' });
  if (res.status === 201) {
    const d = res.body.data;
    return { id: d.user.id, email, password, accessToken: d.accessToken, refreshToken: d.refreshToken, user: d.user };
  }
  if (res.status !== 202) throw new Error(`signup failed: ${res.status} ${res.text}`);
  const session = await app.deps.knex.transaction(async (trx) => {
    let user = await User.query(trx).findOne({ email: email.trim().toLowerCase() });
    // The same 202 answers an address that had an account: that is no new user to hand back.
    if (!user || user.createdAt.getTime() < startedAt - 5_000) throw new Error(`signup failed: ${email} already has an account`);
    if (overrides.verified !== false) user = await User.query(trx).patchAndFetchById(user.id, { emailVerifiedAt: new Date() });
    return issueSession(app.deps, trx, user, { ip: '127.0.0.1', userAgent: null, client: 'addin' });
  });
  // As the API would have sent it (dates as ISO strings).
  const user = JSON.parse(JSON.stringify(presentUser(session.user))) as Json;
  return { id: user.id, email, password, accessToken: session.accessToken, refreshToken: session.refreshToken, user };
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

/**
 * The TOTP code for `secret`, `stepOffset` 30-second steps from now (the server accepts -1, 0, +1). Near the
 * end of a step it first waits for the next one (at most 3 s), so the server, a moment later, judges the
 * code against the same step the test meant.
 */
export async function totpCode(secret: string, stepOffset = 0): Promise<string> {
  const totp = new TOTP({ secret: Secret.fromBase32(secret), digits: 6, period: 30, algorithm: 'SHA1' });
  const remaining = totp.remaining();
  if (remaining < 3_000) await sleep(remaining + 50);
  return totp.generate({ timestamp: Date.now() + stepOffset * 30_000 });
}

export interface MfaUser {
  secret: string;
  recoveryCodes: string[];
}

/**
 * Turns MFA on for a signed-up user through the API. The confirming code is the previous step's, leaving the
 * current and the next step for the test's own sign-ins (a step is accepted once).
 */
export async function enableMfa(app: TestApp, user: { accessToken: string; password: string }): Promise<MfaUser> {
  const setup = await app.request('POST', '/api/v1/auth/mfa/setup', {}, { token: user.accessToken });
  if (setup.status !== 200) throw new Error(`mfa setup failed: ${setup.status} ${setup.text}`);
  const secret = setup.body.data.secret as string;
  const enable = await app.request('POST', '/api/v1/auth/mfa/enable', { password: user.password, code: await totpCode(secret, -1) }, { token: user.accessToken });
  if (enable.status !== 200) throw new Error(`mfa enable failed: ${enable.status} ${enable.text}`);
  return { secret, recoveryCodes: enable.body.data.recoveryCodes as string[] };
}
