/**
 * Admin view of accounts: the searchable, sortable users list with usage figures, one user's detail, and
 * disable/enable. A disable bumps the session version (access tokens stop at once), revokes every refresh
 * token and cancels the user's running analyses, so a disabled account can neither sign in nor spend tokens.
 */
import type { Knex } from 'knex';
import { cancelAnalysis } from '../analysis/service.js';
import { ACTIVE_STATUSES } from '../analysis/model.js';
import { revokeAllSessions } from '../auth/session.js';
import { entries } from '../billing/ledger.js';
import { presentLedger } from '../billing/presenter.js';
import type { Deps } from '../deps.js';
import { conflict, notFound } from '../http/errors.js';
import type { DayRange } from '../monitoring/range.js';
import { callTrail, type TrailQuery } from '../monitoring/calls.js';
import { USAGE_KINDS, userUsage } from '../monitoring/usage.js';
import { User } from '../users/model.js';
import type { ListUsersQuery } from './schema.js';

const SORT_SQL: Record<ListUsersQuery['sort'], string> = {
  email: 'u.email',
  name: 'lower(u.name)',
  createdAt: 'u.created_at',
  lastActive: 'last_active',
  tokens30d: 'tokens_30d',
  analyses: 'analyses',
  balance: 'balance',
  tier: 'u.tier',
};

/** Users with balance, tokens used in the last 30 days, analyses and last activity, one SQL statement. */
function usersWithFigures(knex: Knex) {
  const kinds = USAGE_KINDS.map((k) => `'${k}'`).join(',');
  return knex
    .from({ u: 'users' })
    .leftJoin({ ta: 'token_accounts' }, 'ta.user_id', 'u.id')
    .joinRaw(
      `LEFT JOIN (SELECT user_id, sum(-delta) AS tokens FROM token_ledger WHERE kind IN (${kinds}) AND created_at >= now() - interval '30 days' GROUP BY user_id) l ON l.user_id = u.id`,
    )
    .joinRaw('LEFT JOIN (SELECT user_id, count(*) AS n FROM analyses GROUP BY user_id) an ON an.user_id = u.id')
    .joinRaw(`LEFT JOIN (SELECT user_id, max(at) AS at FROM activity WHERE action <> 'auth.login_failed' GROUP BY user_id) act ON act.user_id = u.id`);
}

const FIGURES = `u.id, u.email, u.name, u.role, u.tier, u.disabled, u.created_at, u.last_login_at,
  coalesce(ta.balance, 0) AS balance, coalesce(l.tokens, 0) AS tokens_30d, coalesce(an.n, 0) AS analyses,
  greatest(u.last_login_at, act.at) AS last_active`;

const iso = (d: unknown) => (d ? new Date(d as string).toISOString() : null);

export function presentAdminUser(r: Record<string, unknown>) {
  return {
    id: r.id as string,
    email: r.email as string,
    name: r.name as string,
    role: r.role as string,
    tier: r.tier as string,
    status: r.disabled ? ('disabled' as const) : ('active' as const),
    balance: Number(r.balance),
    tokens30d: Number(r.tokens_30d ?? r.tokens30d),
    analyses: Number(r.analyses),
    lastActiveAt: iso(r.last_active ?? r.lastActive),
    createdAt: iso(r.created_at ?? r.createdAt),
  };
}

function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

export async function listUsers(knex: Knex, query: ListUsersQuery) {
  const base = usersWithFigures(knex);
  if (query.q) {
    const like = `%${escapeLike(query.q.toLowerCase())}%`;
    base.where((w) => w.whereRaw('u.email LIKE ?', [like]).orWhereRaw('lower(u.name) LIKE ?', [like]));
  }
  if (query.status !== 'all') base.whereRaw('u.disabled = ?', [query.status === 'disabled']);
  const [{ n }] = (await base.clone().clearSelect().count({ n: '*' })) as Array<{ n: unknown }>;
  const rows = (await base
    .select(knex.raw(FIGURES))
    .orderByRaw(`${SORT_SQL[query.sort]} ${query.order} NULLS LAST, u.id ${query.order}`)
    .limit(query.pageSize)
    .offset((query.page - 1) * query.pageSize)) as Array<Record<string, unknown>>;
  return { rows: rows.map(presentAdminUser), total: Number(n) };
}

async function loadAdminUser(knex: Knex, id: string) {
  const row = (await usersWithFigures(knex).select(knex.raw(FIGURES)).whereRaw('u.id = ?', [id]).first()) as Record<string, unknown> | undefined;
  if (!row) throw notFound('User');
  return presentAdminUser(row);
}

/** One user: figures, usage by day, ledger, activity and analyses. */
export async function userDetail(knex: Knex, id: string, range: DayRange) {
  const user = await loadAdminUser(knex, id);
  const [usage, ledger] = await Promise.all([userUsage(knex, id, range), entries(knex, id, { limit: 100 })]);
  return { user, usage, ledger: await presentLedger(knex, ledger) };
}

/** A page of the user's per-call token trail (see monitoring/calls.ts). 404 for no such user. */
export async function userTrail(knex: Knex, id: string, query: TrailQuery) {
  if (!(await knex('users').where({ id }).first('id'))) throw notFound('User');
  return callTrail(knex, id, query);
}

/** Disables or enables an account; disabling yourself is refused (it would lock the last admin out). */
export async function setDisabled(deps: Deps, adminId: string, id: string, disabled: boolean) {
  if (disabled && id === adminId) throw conflict('cannot_disable_self', 'You cannot disable your own account.');
  const changed = await deps.knex.transaction(async (trx) => {
    const user = await User.query(trx).findById(id).forUpdate();
    if (!user) throw notFound('User');
    if (user.disabled === disabled) return false;
    await User.query(trx)
      .patch(disabled ? { disabled, sessionVersion: user.sessionVersion + 1 } : { disabled })
      .where({ id });
    if (disabled) await revokeAllSessions(trx, id);
    return true;
  });
  if (changed && disabled) {
    const active = (await deps.knex('analyses').where({ userId: id }).whereIn('status', ACTIVE_STATUSES).select('id')) as Array<{ id: string }>;
    for (const a of active) await cancelAnalysis(deps, id, a.id);
  }
  return { user: await loadAdminUser(deps.knex, id), changed };
}
