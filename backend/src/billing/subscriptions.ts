/**
 * Subscription state from Stripe, applied only forward in time: each row remembers the `created` time of the
 * newest event applied, so an older `customer.subscription.updated` delivered late cannot undo a newer
 * state, and a cancellation is not revived by an update from the same second. The user's tier follows their
 * live subscription (Basic without one).
 */
import type { Knex } from 'knex';
import type { Config } from '../config.js';
import type { Tier } from '../users/model.js';
import { isPlanId, planByPrice } from './plans.js';
import type { PlanId } from './config.js';
import { get, MAX_UNIX_SECONDS, str, wholeNumber, type EventInfo, type Obj } from './stripe-fields.js';

export interface SubscriptionState {
  stripeSubscriptionId: string;
  customerId: string | null;
  planId: PlanId;
  status: string;
  currentPeriodEnd: Date | null;
  cancelAtPeriodEnd: boolean;
}

const LIVE = ['active', 'trialing', 'past_due'];

export function subscriptionFromObject(config: Config, sub: Obj, deleted: boolean): SubscriptionState | null {
  const item = (get(sub, 'items.data') as Obj[] | undefined)?.[0];
  const meta = str(sub, 'metadata.plan');
  const planId = planByPrice(config, str(item, 'price.id') ?? str(item, 'plan.id'))?.id ?? (isPlanId(meta) ? meta : null);
  const id = str(sub, 'id');
  if (!planId || !id) return null;
  // current_period_end moved from the subscription to its items in newer API versions.
  const end = wholeNumber(sub, 'current_period_end', MAX_UNIX_SECONDS) ?? wholeNumber(item, 'current_period_end', MAX_UNIX_SECONDS);
  return {
    stripeSubscriptionId: id,
    customerId: str(sub, 'customer'),
    planId,
    status: deleted ? 'canceled' : (str(sub, 'status') ?? 'active'),
    currentPeriodEnd: end ? new Date(end * 1000) : null,
    cancelAtPeriodEnd: get(sub, 'cancel_at_period_end') === true,
  };
}

export async function applySubscription(ctx: { trx: Knex.Transaction; event: EventInfo }, s: SubscriptionState & { userId: string }): Promise<string> {
  const { trx } = ctx;
  const at = new Date(ctx.event.created * 1000);
  const fields = { planId: s.planId, status: s.status, currentPeriodEnd: s.currentPeriodEnd, cancelAtPeriodEnd: s.cancelAtPeriodEnd, stripeCustomerId: s.customerId };
  await trx('subscriptions').insert({ userId: s.userId, stripeSubscriptionId: s.stripeSubscriptionId, ...fields }).onConflict('stripeSubscriptionId').ignore();
  const row = await trx('subscriptions').where({ stripeSubscriptionId: s.stripeSubscriptionId }).forUpdate().first();
  const last = row.stripeUpdatedAt ? new Date(row.stripeUpdatedAt).getTime() : null;
  if (last !== null && (at.getTime() < last || (at.getTime() === last && row.status === 'canceled'))) return 'ignored:stale';
  await trx('subscriptions')
    .where({ id: row.id })
    .update({ ...fields, currentPeriodEnd: s.currentPeriodEnd ?? row.currentPeriodEnd, stripeUpdatedAt: at, updatedAt: new Date() });
  await syncTier(trx, s.userId);
  return `subscription:${s.status}`;
}

/** Sets the user's tier to the plan of their newest live subscription, or Basic. */
export async function syncTier(trx: Knex.Transaction, userId: string): Promise<Tier> {
  const live = await trx('subscriptions').where({ userId }).whereIn('status', LIVE).orderByRaw('stripe_updated_at DESC NULLS LAST').first('planId');
  const tier = (live?.planId as Tier | undefined) ?? 'basic';
  await trx('users').where({ id: userId }).whereNot({ tier }).update({ tier, updatedAt: new Date() });
  return tier;
}
