/**
 * A small Stripe API on 127.0.0.1 that answers exactly the calls the billing code makes (customers, Checkout
 * Sessions, Customer Portal sessions, payment methods, off-session PaymentIntents), plus a hosted "checkout
 * page" whose Pay button completes the session and delivers a signed `checkout.session.completed` webhook,
 * the way Stripe does. Webhooks are signed with `stripe.webhooks.generateTestHeaderString`, so the app
 * verifies them for real.
 */
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import Stripe from 'stripe';
import { minorUnitDigits } from '../src/billing/currency.js';
import { startTestApp, type Json, type TestApp } from './app.js';

export type Obj = Record<string, unknown>;

export interface FakeStripeCall {
  method: string;
  path: string;
  params: Obj;
  idempotencyKey: string | null;
}

export interface FakeStripe {
  /** Base URL for STRIPE_API_BASE. */
  url: string;
  webhookSecret: string;
  /** Where signed events go (the app's /api/v1/billing/webhook); set once the app is listening. */
  webhookUrl: string;
  calls: FakeStripeCall[];
  sessions: Map<string, Obj>;
  /** When true, off-session PaymentIntents fail with a card decline. */
  decline: boolean;
  /** Number of distinct PaymentIntents created (idempotent retries count once). */
  paymentIntents(): Obj[];
  /** Builds a signed event envelope and POSTs it to the webhook; returns the HTTP status and the event. */
  send(type: string, object: Obj, opts?: { id?: string; created?: number; signature?: string; body?: string }): Promise<{ status: number; event: Obj; text: string }>;
  event(type: string, object: Obj, opts?: { id?: string; created?: number }): Obj;
  sign(payload: string): string;
  /** Completes a Checkout Session as the hosted page would (saves the card, sends the webhook). */
  completeCheckout(sessionId: string): Promise<{ status: number; event: Obj }>;
  close(): Promise<void>;
}

const id = (prefix: string) => `${prefix}_test_${randomBytes(8).toString('hex')}`;
const now = () => Math.floor(Date.now() / 1000);

/** `a[b][0][c]=1` form bodies (what stripe-node sends) → nested objects/arrays. */
function parseForm(body: string): Obj {
  const out: Obj = {};
  for (const [key, value] of new URLSearchParams(body)) {
    const parts = key.replace(/\]/g, '').split('[');
    let node: Obj = out;
    parts.forEach((part, i) => {
      if (i === parts.length - 1) node[part] = value;
      else {
        node[part] ??= /^\d+$/.test(parts[i + 1]) ? [] : {};
        node = node[part] as Obj;
      }
    });
  }
  return out;
}

function amountOf(params: Obj, prices: Record<string, number>): number {
  const items = (params.line_items as Obj[] | undefined) ?? [];
  return items.reduce((sum, item) => {
    const pd = item.price_data as Obj | undefined;
    const unit = pd ? Number(pd.unit_amount) : (prices[item.price as string] ?? 0);
    return sum + unit * Number(item.quantity ?? 1);
  }, 0);
}

export async function startFakeStripe(opts: { prices?: Record<string, number>; webhookSecret?: string } = {}): Promise<FakeStripe> {
  const prices = opts.prices ?? {};
  const calls: FakeStripeCall[] = [];
  const sessions = new Map<string, Obj>();
  const intents = new Map<string, { status: number; body: Obj }>();
  const savedCards = new Set<string>();
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const fake: FakeStripe = {
    url,
    webhookSecret: opts.webhookSecret ?? `whsec_${randomBytes(16).toString('hex')}`,
    webhookUrl: '',
    calls,
    sessions,
    decline: false,
    paymentIntents: () => [...intents.values()].filter((r) => r.status === 200).map((r) => r.body),
    sign(payload) {
      return Stripe.webhooks.generateTestHeaderString({ payload, secret: fake.webhookSecret });
    },
    event(type, object, o = {}) {
      return { id: o.id ?? id('evt'), object: 'event', api_version: '2026-10-28.endive', created: o.created ?? now(), type, livemode: false, pending_webhooks: 1, request: { id: null }, data: { object } };
    },
    async send(type, object, o = {}) {
      const event = fake.event(type, object, o);
      const body = o.body ?? JSON.stringify(event);
      const res = await fetch(fake.webhookUrl, { method: 'POST', headers: { 'content-type': 'application/json', 'stripe-signature': o.signature ?? fake.sign(body) }, body });
      return { status: res.status, event, text: await res.text() };
    },
    async completeCheckout(sessionId) {
      const s = sessions.get(sessionId);
      if (!s) throw new Error(`no session ${sessionId}`);
      Object.assign(s, { status: 'complete', payment_status: 'paid' });
      if (s.mode === 'payment') s.payment_intent = id('pi');
      if (s.mode === 'subscription') {
        s.subscription = id('sub');
        s.invoice = id('in');
      }
      savedCards.add(s.customer as string);
      const { status, event } = await fake.send('checkout.session.completed', s);
      return { status, event };
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };

  /** A charge id, or the charge itself when the caller asked for `expand: ['latest_charge']`. */
  function expanded(params: Obj, charge: unknown): unknown {
    const ask = params.expand ?? params['expand[]'];
    const wants = Array.isArray(ask) ? ask.includes('latest_charge') : ask === 'latest_charge';
    if (!wants || typeof charge !== 'string') return charge;
    return { id: charge, object: 'charge', receipt_url: `${url}/receipts/${charge}` };
  }

  function answer(res: http.ServerResponse, status: number, body: unknown, type = 'application/json'): void {
    res.writeHead(status, { 'content-type': type, 'request-id': id('req') });
    res.end(typeof body === 'string' ? body : JSON.stringify(body));
  }

  async function route(method: string, path: string, params: Obj, key: string | null, res: http.ServerResponse): Promise<void> {
    if (method === 'POST' && path === '/v1/customers') {
      return answer(res, 200, { id: id('cus'), object: 'customer', email: params.email ?? null, metadata: params.metadata ?? {} });
    }
    if (method === 'POST' && path === '/v1/checkout/sessions') {
      const sid = id('cs');
      const session: Obj = {
        id: sid,
        object: 'checkout.session',
        url: `${url}/pay/${sid}`,
        mode: params.mode,
        customer: params.customer,
        client_reference_id: params.client_reference_id ?? null,
        metadata: params.metadata ?? {},
        amount_total: amountOf(params, prices),
        currency: (params.currency as string) ?? (((params.line_items as Obj[])?.[0]?.price_data as Obj)?.currency ?? 'usd'),
        success_url: params.success_url,
        cancel_url: params.cancel_url,
        status: 'open',
        payment_status: 'unpaid',
        payment_intent: null,
        subscription: null,
      };
      sessions.set(sid, session);
      return answer(res, 200, session);
    }
    if (method === 'POST' && path === '/v1/billing_portal/sessions') {
      return answer(res, 200, { id: id('bps'), object: 'billing_portal.session', customer: params.customer, return_url: params.return_url, url: `${url}/portal/${params.customer}` });
    }
    const pm = /^\/v1\/customers\/([^/]+)\/payment_methods$/.exec(path);
    if (method === 'GET' && pm) {
      const data = savedCards.has(pm[1]) ? [{ id: `pm_card_${pm[1]}`, object: 'payment_method', type: 'card', customer: pm[1], card: { brand: 'visa', last4: '4242' } }] : [];
      return answer(res, 200, { object: 'list', data, has_more: false, url: path });
    }
    const retrieve = /^\/v1\/payment_intents\/([^/]+)$/.exec(path);
    if (method === 'GET' && retrieve) {
      const stored = [...intents.values()].find((r) => r.body.id === retrieve[1])?.body;
      const charge = stored?.latest_charge ?? `ch_of_${retrieve[1]}`;
      return answer(res, 200, { id: retrieve[1], object: 'payment_intent', status: 'succeeded', latest_charge: expanded(params, charge) });
    }
    if (method === 'POST' && path === '/v1/payment_intents') {
      if (key && intents.has(key)) {
        const prior = intents.get(key) as { status: number; body: Obj };
        return answer(res, prior.status, prior.body);
      }
      const pi: Obj = { id: id('pi'), object: 'payment_intent', amount: Number(params.amount), currency: params.currency, customer: params.customer, payment_method: params.payment_method, metadata: params.metadata ?? {}, status: 'succeeded', latest_charge: id('ch') };
      const result = fake.decline
        ? { status: 402, body: { error: { type: 'card_error', code: 'card_declined', decline_code: 'insufficient_funds', message: 'Your card was declined.', payment_intent: { ...pi, status: 'requires_payment_method', latest_charge: null } } } }
        : { status: 200, body: { ...pi, latest_charge: expanded(params, pi.latest_charge) } };
      intents.set(key ?? (pi.id as string), result);
      return answer(res, result.status, result.body);
    }
    return answer(res, 404, { error: { type: 'invalid_request_error', message: `Unrecognized request URL (${method}: ${path}).` } });
  }

  server.on('request', (req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (body += c));
    req.on('end', () => {
      const u = new URL(req.url ?? '/', url);
      const pay = /^\/pay\/([^/]+)$/.exec(u.pathname);
      if (pay) {
        const s = sessions.get(pay[1]);
        if (!s) return answer(res, 404, 'no such session', 'text/plain');
        if (req.method === 'GET') {
          return answer(res, 200, `<!doctype html><title>Fake Stripe Checkout</title><h1>Pay ${(Number(s.amount_total) / 10 ** minorUnitDigits(String(s.currency))).toFixed(minorUnitDigits(String(s.currency)))} ${String(s.currency).toUpperCase()}</h1><form method="post"><button type="submit">Pay</button></form>`, 'text/html');
        }
        fake.completeCheckout(pay[1]).then(
          () => {
            res.writeHead(303, { location: String(s.success_url) });
            res.end();
          },
          (err: Error) => answer(res, 500, err.message, 'text/plain'),
        );
        return;
      }
      const params = parseForm(req.method === 'GET' ? u.search.slice(1) : body);
      const key = (req.headers['idempotency-key'] as string | undefined) ?? null;
      calls.push({ method: req.method ?? 'GET', path: u.pathname, params, idempotencyKey: key });
      route(req.method ?? 'GET', u.pathname, params, key, res).catch((err: Error) => answer(res, 500, { error: { type: 'api_error', message: err.message } }));
    });
  });

  return fake;
}

/**
 * A test app wired to a fresh fake Stripe (webhook secret shared, price ids pro/enterprise). `prices` are
 * the Stripe prices' amounts in the currency's smallest unit (cents; won for a krw app).
 */
export async function startStripeApp(
  env: Record<string, string> = {},
  prices: Record<string, number> = { price_pro: 2900, price_enterprise: 19900 },
): Promise<{ app: TestApp; stripe: FakeStripe; close(): Promise<void> }> {
  const stripe = await startFakeStripe({ prices });
  const app = await startTestApp({
    STRIPE_SECRET_KEY: 'sk_test_fake',
    STRIPE_WEBHOOK_SECRET: stripe.webhookSecret,
    STRIPE_API_BASE: stripe.url,
    STRIPE_PRICE_IDS: 'pro=price_pro,enterprise=price_enterprise',
    ...env,
  });
  stripe.webhookUrl = `${app.url}/api/v1/billing/webhook`;
  return {
    app,
    stripe,
    async close() {
      await app.close();
      await stripe.close();
    },
  };
}

/** Buys a token pack end to end: Checkout Session from the API, paid on the fake hosted page (webhook sent). */
export async function buyPack(app: TestApp, stripe: FakeStripe, token: string, pack: string): Promise<{ sessionId: string; event: Obj }> {
  const res = await app.request('POST', '/api/v1/billing/checkout', { kind: 'token_pack', pack }, { token });
  if (res.status !== 201) throw new Error(`checkout: ${res.status} ${res.text}`);
  const { status, event } = await stripe.completeCheckout(res.body.data.id);
  if (status !== 200) throw new Error(`webhook: ${status}`);
  await app.deps.background.idle();
  return { sessionId: res.body.data.id, event };
}

/** The balance stream, read as it arrives: `next(pred)` resolves with the first matching event not yet taken. */
export async function openBalanceStream(app: TestApp, token: string): Promise<{ next(pred?: (e: Json) => boolean): Promise<Json>; close(): void }> {
  const controller = new AbortController();
  const res = await fetch(`${app.url}/api/v1/billing/balance/stream?access_token=${token}`, { signal: controller.signal });
  if (res.status !== 200) throw new Error(`stream: ${res.status}`);
  const reader = (res.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  const queue: Json[] = [];
  let buffer = '';
  return {
    async next(pred = () => true) {
      for (;;) {
        const i = queue.findIndex(pred);
        if (i >= 0) return queue.splice(0, i + 1).at(-1);
        const { value, done } = await reader.read();
        if (done) throw new Error('stream ended');
        buffer += decoder.decode(value, { stream: true });
        const blocks = buffer.split('\n\n');
        buffer = blocks.pop() ?? '';
        for (const block of blocks) {
          const m = /^event: balance\ndata: (.*)$/m.exec(block);
          if (m) queue.push(JSON.parse(m[1]));
        }
      }
    },
    close: () => controller.abort(),
  };
}
