/**
 * The Stripe client, built once per configuration. STRIPE_API_BASE points it at another server (the tests'
 * fake Stripe on 127.0.0.1, or stripe-mock); without STRIPE_SECRET_KEY billing is off and checkout answers
 * `billing_not_configured` while admins can still grant tokens.
 */
import Stripe from 'stripe';
import type { Config } from '../config.js';
import { AppError } from '../http/errors.js';

const clients = new WeakMap<Config['stripe'], Stripe>();

export function stripeConfigured(config: Config): boolean {
  return Boolean(config.stripe.secretKey);
}

/** The client, or 409 `billing_not_configured`. */
export function stripeClient(config: Config): Stripe {
  const sc = config.stripe;
  if (!sc.secretKey) throw new AppError(409, 'billing_not_configured', 'Payments are not configured on this server (STRIPE_SECRET_KEY). Ask an administrator to grant tokens.');
  let client = clients.get(sc);
  if (!client) {
    const base = sc.apiBase ? new URL(sc.apiBase) : null;
    client = new Stripe(sc.secretKey, {
      maxNetworkRetries: 2,
      timeout: 20_000,
      ...(base
        ? { host: base.hostname, port: base.port || (base.protocol === 'https:' ? 443 : 80), protocol: base.protocol === 'http:' ? 'http' : 'https' }
        : {}),
    });
    clients.set(sc, client);
  }
  return client;
}

export type StripeEvent = ReturnType<typeof Stripe.webhooks.constructEvent>;

/** Verifies the signature over the exact bytes received (400 `invalid_signature` when it does not match). */
export function verifyWebhook(config: Config, raw: Buffer, signature: string | undefined): StripeEvent {
  const secret = config.stripe.webhookSecret;
  if (!secret) throw new AppError(409, 'billing_not_configured', 'Stripe webhooks are not configured on this server (STRIPE_WEBHOOK_SECRET).');
  if (!signature) throw new AppError(400, 'invalid_signature', 'The Stripe-Signature header is missing.');
  try {
    return Stripe.webhooks.constructEvent(raw, signature, secret);
  } catch {
    throw new AppError(400, 'invalid_signature', 'The webhook signature does not match its body.');
  }
}

/** A Stripe card decline (or other card error) as a readable message; anything else is rethrown. */
export function cardErrorMessage(err: unknown): string | null {
  const e = err as { type?: string; message?: string; code?: string };
  return e?.type === 'StripeCardError' ? (e.message ?? e.code ?? 'The card was declined.') : null;
}
