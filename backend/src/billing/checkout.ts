/**
 * Starting payments: the user's Stripe customer (one per user), Checkout Sessions for a plan subscription or
 * a token pack, and the Customer Portal (cards, invoices, cancel).
 */
import type { Deps } from '../deps.js';
import { AppError } from '../http/errors.js';
import type { User } from '../users/model.js';
import type { PlanId } from './config.js';
import { planOf } from './plans.js';
import { stripeClient } from './stripe.js';

/** The user's Stripe customer id, created once (Stripe's idempotency key makes concurrent first calls one customer). */
export async function ensureCustomer(deps: Deps, user: Pick<User, 'id' | 'email' | 'name'>): Promise<string> {
  const existing = await deps.knex('billing_customers').where({ userId: user.id }).first('stripeCustomerId');
  if (existing) return existing.stripeCustomerId as string;
  const customer = await stripeClient(deps.config).customers.create(
    { email: user.email, name: user.name, metadata: { userId: user.id } },
    { idempotencyKey: `customer:${user.id}` },
  );
  await deps.knex('billing_customers').insert({ userId: user.id, stripeCustomerId: customer.id }).onConflict('userId').ignore();
  const row = await deps.knex('billing_customers').where({ userId: user.id }).first('stripeCustomerId');
  return row.stripeCustomerId as string;
}

export type CheckoutInput = { kind: 'subscription'; plan: PlanId } | { kind: 'token_pack'; pack: string };

export async function createCheckout(deps: Deps, user: User, input: CheckoutInput): Promise<{ id: string; url: string }> {
  const { config } = deps;
  const stripe = stripeClient(config);
  const returnTo = `${config.publicUrl}/billing`;
  let params: Parameters<typeof stripe.checkout.sessions.create>[0];
  if (input.kind === 'subscription') {
    const plan = planOf(config, input.plan);
    if (!plan.stripePriceId) throw new AppError(400, 'plan_not_purchasable', `The ${plan.name} plan is not sold online (no Stripe price configured).`);
    if (plan.id === user.tier) throw new AppError(409, 'already_on_plan', `You are already on the ${plan.name} plan.`);
    // A subscriber changes plan on their subscription (Stripe prorates), not with a second subscription.
    const live = await deps.knex('subscriptions').where({ userId: user.id }).whereIn('status', ['active', 'trialing', 'past_due']).first('stripeSubscriptionId');
    if (live) return changePlanInPortal(deps, user, live.stripeSubscriptionId as string);
    const metadata = { userId: user.id, kind: 'subscription', plan: plan.id };
    params = {
      mode: 'subscription',
      line_items: [{ price: plan.stripePriceId, quantity: 1 }],
      subscription_data: { metadata },
      metadata,
    };
  } else {
    const pack = config.stripe.packs.find((p) => p.id === input.pack);
    if (!pack) throw new AppError(400, 'validation', `body.pack: unknown token pack "${input.pack}"`);
    const metadata = { userId: user.id, kind: 'token_pack', pack: pack.id, tokens: String(pack.tokens) };
    params = {
      mode: 'payment',
      line_items: [
        {
          price_data: { currency: config.stripe.currency, unit_amount: pack.priceCents, product_data: { name: `${pack.tokens.toLocaleString('en-US')} Intellio tokens` } },
          quantity: 1,
        },
      ],
      // Saves the card for auto-pay top-ups.
      payment_intent_data: { setup_future_usage: 'off_session', metadata },
      metadata,
    };
  }
  const customer = await ensureCustomer(deps, user);
  const session = await stripe.checkout.sessions.create({
    ...params,
    customer,
    client_reference_id: user.id,
    success_url: `${returnTo}?checkout=success&session_id={CHECKOUT_SESSION_ID}`,
    cancel_url: `${returnTo}?checkout=cancelled`,
  });
  if (!session.url) throw new AppError(502, 'stripe_error', 'Stripe did not return a checkout page.');
  return { id: session.id, url: session.url };
}

async function changePlanInPortal(deps: Deps, user: User, subscription: string): Promise<{ id: string; url: string }> {
  const customer = await ensureCustomer(deps, user);
  const session = await stripeClient(deps.config).billingPortal.sessions.create({
    customer,
    return_url: `${deps.config.publicUrl}/billing`,
    flow_data: { type: 'subscription_update', subscription_update: { subscription } },
  });
  return { id: session.id, url: session.url };
}

export async function createPortal(deps: Deps, user: User): Promise<{ url: string }> {
  const stripe = stripeClient(deps.config);
  const customer = await ensureCustomer(deps, user);
  const session = await stripe.billingPortal.sessions.create({ customer, return_url: `${deps.config.publicUrl}/billing` });
  return { url: session.url };
}
