/**
 * Who sees a template: its owner; the verified addresses it is shared with (visibility `shared`); everyone when it
 * is `public`. Only the owner changes or deletes it. Invisible templates are a 404; visible but foreign
 * ones refuse changes with 403 (the user can see it exists, so hiding it would be pointless).
 */
import type { Knex } from 'knex';
import type { QueryBuilder } from 'objection';
import { forbidden, notFound } from '../http/errors.js';
import type { User } from '../users/model.js';
import { Template } from './model.js';

type Viewer = Pick<User, 'id' | 'email' | 'role'>;

/** Restricts a template query to what `user` may see. */
export function visibleTo<Q extends QueryBuilder<Template, Template[]> | QueryBuilder<Template, Template | undefined>>(query: Q, user: Viewer): Q {
  return query.where((q) =>
    q
      .where('templates.ownerId', user.id)
      .orWhere('templates.visibility', 'public')
      // A share names an address, not an account: it reaches the user only once they have proved they own
      // that address, so signing up as someone else's email (unverified) shows nothing. Read from `users` so
      // the current address and its verification decide, not a copy on the caller's object.
      .orWhere((s) =>
        s.where('templates.visibility', 'shared').whereRaw(
          'templates.id IN (SELECT ts.template_id FROM template_shares ts JOIN users u ON u.email = ts.email WHERE u.id = ? AND u.email_verified_at IS NOT NULL)',
          [user.id],
        ),
      ),
  ) as Q;
}

export async function loadVisibleTemplate(user: Viewer, id: string, trx?: Knex.Transaction): Promise<Template> {
  const template = await visibleTo(Template.query(trx).findById(id), user);
  if (!template) throw notFound('Template');
  return template;
}

export async function loadOwnedTemplate(user: Viewer, id: string, trx?: Knex.Transaction): Promise<Template> {
  const template = await loadVisibleTemplate(user, id, trx);
  if (template.ownerId !== user.id) throw forbidden('Only the owner can change this template. Duplicate it to make your own copy.');
  return template;
}

export function assertMayPublish(user: Viewer, visibility: string | undefined): void {
  if (visibility === 'public' && user.role !== 'admin') throw forbidden('Only administrators can publish public templates.');
}

/** Who curates a template's examples: its owner, and an administrator for a public one. */
export function mayCurate(user: Viewer, t: Pick<Template, 'ownerId' | 'visibility'>): boolean {
  return t.ownerId === user.id || (user.role === 'admin' && t.visibility === 'public');
}

/** A template the caller curates (see mayCurate): 404 when they cannot see it, 403 when they only see it. */
export async function loadCuratedTemplate(user: Viewer, id: string, trx?: Knex.Transaction): Promise<Template> {
  const template = await loadVisibleTemplate(user, id, trx);
  if (!mayCurate(user, template)) throw forbidden('Only the owner (an administrator for a public template) chooses its examples.');
  return template;
}

/**
 * Locks a template's row for a change made in `trx`, after a policy check read it: a 404 when a delete
 * committed in between (the row the check saw is gone), never an undefined template.
 */
export async function lockTemplate(trx: Knex.Transaction, id: string): Promise<Template> {
  const template = await Template.query(trx).findById(id).forUpdate();
  if (!template) throw notFound('Template');
  return template;
}
