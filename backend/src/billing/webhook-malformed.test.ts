import assert from 'node:assert/strict';
import http from 'node:http';
import { after, before, describe, it } from 'mocha';
import { balanceOf } from '../../test/analysis-fixtures.js';
import { buildUser, PASSWORD, type SignedUpUser } from '../../test/builders.js';
import { startStripeApp, type FakeStripe, type Obj } from '../../test/fake-stripe.js';
import type { TestApp } from '../../test/app.js';

/** One request over node:http, on `agent`'s socket when given (fetch cannot pin a keep-alive connection). */
function send(url: string, opts: { method?: string; headers?: Record<string, string>; body?: string | Buffer; chunked?: boolean; agent?: http.Agent }): Promise<{ status: number; headers: http.IncomingHttpHeaders; text: string; ms: number }> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: opts.method ?? 'POST', headers: opts.headers, agent: opts.agent ?? false, timeout: 5000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString(), ms: Date.now() - started }));
    });
    req.on('timeout', () => req.destroy(new Error('timed out')));
    req.on('error', reject);
    if (opts.chunked && opts.body) {
      // No Content-Length: the size is only known by reading.
      for (let i = 0; i < opts.body.length; i += 64 * 1024) req.write(opts.body.slice(i, i + 64 * 1024));
      req.end();
    } else req.end(opts.body);
  });
}

describe('Stripe webhook: malformed but signed events and oversized bodies', () => {
  let app: TestApp;
  let stripe: FakeStripe;
  let close: () => Promise<void>;
  let user: SignedUpUser;

  before(async () => {
    ({ app, stripe, close } = await startStripeApp({ SIGNUP_TOKENS_BASIC: '1000', TOKEN_PACKS: 'small=5000/900' }));
    user = await buildUser(app);
  });
  after(() => close());

  /** POSTs `body` exactly as given, with a real signature over it. */
  async function signed(body: string) {
    const res = await fetch(stripe.webhookUrl, { method: 'POST', headers: { 'content-type': 'application/json', 'stripe-signature': stripe.sign(body) }, body });
    const text = await res.text();
    return { status: res.status, text, json: JSON.parse(text) as { error?: { code: string; message: string; details: unknown }; outcome?: string } };
  }
  const envelope = (overrides: Obj) => ({ ...stripe.event('charge.refunded', { id: 'ch_x', amount_refunded: 100 }), ...overrides });
  const eventCount = async () => Number((await app.deps.knex('stripe_events').count({ n: '*' }))[0].n);

  it('refuses an event whose envelope is malformed with a 400 validation error, and records nothing', async () => {
    const before = await eventCount();
    const cases: Array<[string, string, RegExp]> = [
      ['no id', JSON.stringify({ ...envelope({}), id: undefined }), /^event\.id: /],
      ['a null id', JSON.stringify(envelope({ id: null })), /^event\.id: /],
      ['an id with NUL', JSON.stringify(envelope({ id: 'evt_\u0000x' })), /^event\.id: /],
      ['no created', JSON.stringify({ ...envelope({}), created: undefined }), /^event\.created: /],
      ['created as a string', JSON.stringify(envelope({ created: '1700000000' })), /^event\.created: /],
      ['created 1e308', JSON.stringify(envelope({})).replace(/"created":\d+/, '"created":1e308'), /^event\.created: /],
      ['created -1e12', JSON.stringify(envelope({ created: -1e12 })), /^event\.created: /],
      ['a null type', JSON.stringify(envelope({ type: null })), /^event\.type: /],
      ['no data', JSON.stringify({ ...envelope({}), data: undefined }), /^event\.data: /],
      ['data.object an array', JSON.stringify(envelope({ data: { object: [1, 2] } })), /^event\.data\.object: /],
      ['a null body', 'null', /^event: /],
      ['an array body', '[1,2]', /^event: /],
    ];
    for (const [label, body, message] of cases) {
      const res = await signed(body);
      assert.equal(res.status, 400, `${label}: ${res.text}`);
      assert.equal(res.json.error?.code, 'validation', label);
      assert.match(res.json.error?.message ?? '', message, label);
      assert.ok(Array.isArray(res.json.error?.details), label);
    }
    assert.equal(await eventCount(), before);
  });

  it('ignores an event type that names an Object.prototype member, as any unknown type', async () => {
    const ids: string[] = [];
    for (const type of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) {
      const event = stripe.event(type, { id: 'x' });
      ids.push(event.id as string);
      const res = await signed(JSON.stringify(event));
      assert.equal(res.status, 200, `${type}: ${res.text}`);
      assert.equal(res.json.outcome, 'ignored:type', type);
    }
    const rows = await app.deps.knex('stripe_events').whereIn('id', ids).select('outcome');
    assert.deepEqual(rows.map((r: { outcome: string }) => r.outcome), ['ignored:type', 'ignored:type', 'ignored:type', 'ignored:type']);
  });

  it('refuses garbage amounts with a 400 and changes nothing', async () => {
    const before = await eventCount();
    for (const amount of [1e308, 1.5, -1, 2 ** 31, '100', true]) {
      const refund = await stripe.send('charge.refunded', { id: `ch_garbage_${String(amount)}`, amount_refunded: amount });
      assert.equal(refund.status, 400, `amount_refunded ${String(amount)}: ${refund.text}`);
      const error = JSON.parse(refund.text).error;
      assert.equal(error.code, 'validation');
      assert.equal(error.message, 'event.data.object.amount_refunded: must be a whole number from 0 to 2147483647');
    }
    // Read once the user is known: a paid pack with an impossible total credits nothing.
    const session = { id: 'cs_garbage', object: 'checkout.session', mode: 'payment', payment_status: 'paid', amount_total: 1e308, currency: 'usd', metadata: { userId: user.id, kind: 'token_pack', tokens: '5000', pack: 'small' } };
    const paid = await stripe.send('checkout.session.completed', session);
    assert.equal(paid.status, 400, paid.text);
    assert.match(JSON.parse(paid.text).error.message, /^event\.data\.object\.amount_total: /);
    const sub = { id: 'sub_garbage', object: 'subscription', status: 'active', current_period_end: -5, metadata: { userId: user.id, plan: 'pro' } };
    const updated = await stripe.send('customer.subscription.updated', sub);
    assert.equal(updated.status, 400, updated.text);
    assert.match(JSON.parse(updated.text).error.message, /^event\.data\.object\.current_period_end: /);
    assert.equal(await eventCount(), before);
    assert.equal((await balanceOf(app, user.accessToken)).balance, 1000);
    assert.equal((await app.deps.knex('stripe_pending_refunds').where('stripeChargeId', 'like', 'ch_garbage_%')).length, 0);
  });

  it('answers an oversized body with a 413 and keeps the keep-alive connection usable, like the JSON routes', async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const sockets = new Set<unknown>();
    agent.on('free', (socket) => sockets.add(socket));
    try {
      const good = () => {
        const body = JSON.stringify(stripe.event('unknown.type', { id: 'x' }));
        return send(stripe.webhookUrl, { headers: { 'content-type': 'application/json', 'stripe-signature': stripe.sign(body) }, body, agent });
      };
      const big = JSON.stringify({ pad: 'x'.repeat(2 * 1024 * 1024) });
      for (const chunked of [false, true]) {
        const tooLarge = await send(stripe.webhookUrl, { headers: { 'content-type': 'application/json', 'stripe-signature': stripe.sign(big) }, body: big, chunked, agent });
        assert.equal(tooLarge.status, 413, `chunked=${chunked}`);
        assert.equal(JSON.parse(tooLarge.text).error.code, 'payload_too_large');
        const next = await good();
        assert.equal(next.status, 200, `after chunked=${chunked}: ${next.text}`);
        assert.ok(next.ms < 1000, `the next request took ${next.ms} ms`);
      }
      // The JSON routes, for comparison.
      const login = await send(`${app.url}/api/v1/auth/login`, { headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: user.email, password: 'x'.repeat(3 * 1024 * 1024) }), agent });
      assert.equal(login.status, 413);
      const ok = await send(`${app.url}/api/v1/auth/login`, { headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: user.email, password: PASSWORD, client: 'addin' }), agent });
      assert.equal(ok.status, 200, ok.text);
      assert.equal(sockets.size, 1, 'every request went over the one connection');
    } finally {
      agent.destroy();
    }
  });
});
