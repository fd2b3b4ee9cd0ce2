import assert from 'node:assert/strict';
import { after, before, describe, it } from 'mocha';
import { startTestApp, type TestApp } from '../../test/app.js';
import { buildUser, lastMail, type SignedUpUser } from '../../test/builders.js';
import { balanceOf } from '../../test/analysis-fixtures.js';
import { buyPack, startStripeApp, type FakeStripe } from '../../test/fake-stripe.js';
import { debit } from './ledger.js';

describe('billing with Stripe (fake Stripe API on 127.0.0.1, real signatures)', () => {
  let app: TestApp;
  let stripe: FakeStripe;
  let close: () => Promise<void>;

  before(async () => {
    ({ app, stripe, close } = await startStripeApp({ SIGNUP_TOKENS_BASIC: '1000', SIGNUP_TOKENS_PRO: '50000', TOKEN_PACKS: 'small=5000/900,big=20000/2900' }));
  });
  after(() => close());

  const get = (user: SignedUpUser, path: string) => app.request('GET', `/api/v1/billing${path}`, undefined, { token: user.accessToken });
  const post = (user: SignedUpUser, path: string, body?: unknown) => app.request('POST', `/api/v1/billing${path}`, body ?? {}, { token: user.accessToken });
  const creditsOf = async (user: SignedUpUser) => (await app.deps.knex('token_ledger').where({ userId: user.id, kind: 'purchase' })).length;

  /** The user's `payment.*` activity rows, oldest first, as [action, receipt number]. */
  async function paymentActivity(userId: string): Promise<Array<[string, string]>> {
    await app.deps.background.idle();
    await app.deps.activity.flush();
    const rows = await app.deps.knex('activity').where({ userId }).where('action', 'like', 'payment.%').orderBy([{ column: 'at' }, { column: 'id' }]);
    return rows.map((r: { action: string; target: string }) => [r.action, r.target]);
  }

  it('lists plans, packs and the current plan; needs a session', async () => {
    const user = await buildUser(app);
    const res = await get(user, '/plans');
    assert.equal(res.status, 200);
    const d = res.body.data;
    assert.equal(d.current, 'basic');
    assert.equal(d.stripe.configured, true);
    assert.deepEqual(d.plans.map((p: { id: string; purchasable: boolean; current: boolean }) => [p.id, p.purchasable, p.current]), [['basic', false, true], ['pro', true, false], ['enterprise', true, false]]);
    assert.equal(d.plans[1].monthlyTokens, 50000);
    assert.deepEqual(d.packs[0], { id: 'small', tokens: 5000, priceCents: 900, currency: 'usd', priceText: '$9.00' });
    assert.equal(JSON.stringify(d).includes('price_pro'), false, 'Stripe price ids stay on the server');
    assert.equal((await app.request('GET', '/api/v1/billing/plans')).status, 401);
    assert.equal((await app.request('POST', '/api/v1/billing/checkout', { kind: 'token_pack', pack: 'small' })).status, 401);
  });

  it('validates checkout requests', async () => {
    const user = await buildUser(app);
    const bad = await post(user, '/checkout', { kind: 'gift' });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error.code, 'validation');
    const unknownPack = await post(user, '/checkout', { kind: 'token_pack', pack: 'huge' });
    assert.equal(unknownPack.status, 400);
    assert.match(unknownPack.body.error.message, /body\.pack: unknown token pack/);
    const badPlan = await post(user, '/checkout', { kind: 'subscription', plan: 'platinum' });
    assert.equal(badPlan.status, 400);
    const free = await post(user, '/checkout', { kind: 'subscription', plan: 'basic' });
    assert.equal(free.status, 400);
    assert.equal(free.body.error.code, 'plan_not_purchasable');
    const extra = await post(user, '/checkout', { kind: 'token_pack', pack: 'small', amount: 1 });
    assert.equal(extra.status, 400);
  });

  it('checkout completed → the pack is credited once, with a payment, a receipt number and a receipt email; 5 replays change nothing', async () => {
    const user = await buildUser(app);
    const res = await post(user, '/checkout', { kind: 'token_pack', pack: 'small' });
    assert.equal(res.status, 201, res.text);
    assert.match(res.body.data.url, new RegExp(`^${stripe.url}/pay/cs_`));
    const created = stripe.calls.find((c) => c.path === '/v1/checkout/sessions' && (c.params.metadata as { userId?: string }).userId === user.id);
    assert.equal(created?.params.mode, 'payment');
    assert.equal((created?.params.payment_intent_data as { setup_future_usage: string }).setup_future_usage, 'off_session');
    // One Stripe customer per user, however many checkouts.
    await post(user, '/checkout', { kind: 'token_pack', pack: 'big' });
    const customers = stripe.calls.filter((c) => c.path === '/v1/customers' && (c.params.metadata as { userId?: string }).userId === user.id);
    assert.equal(new Set(customers.map((c) => c.idempotencyKey)).size, 1);
    assert.equal((await app.deps.knex('billing_customers').where({ userId: user.id })).length, 1);

    const { status, event } = await stripe.completeCheckout(res.body.data.id);
    assert.equal(status, 200);
    await app.deps.background.idle();
    assert.equal((await balanceOf(app, user.accessToken)).balance, 6000);
    for (let i = 0; i < 5; i++) {
      const again = await stripe.send('checkout.session.completed', (event.data as { object: Record<string, unknown> }).object, { id: event.id as string, created: event.created as number });
      assert.equal(again.status, 200);
      assert.equal(JSON.parse(again.text).duplicate, true);
    }
    assert.equal((await balanceOf(app, user.accessToken)).balance, 6000);
    assert.equal(await creditsOf(user), 1);

    const payments = await get(user, '/payments');
    assert.equal(payments.status, 200);
    assert.equal(payments.body.data.length, 1);
    const p = payments.body.data[0];
    assert.equal(p.kind, 'token_pack');
    assert.equal(p.status, 'succeeded');
    assert.equal(p.amountCents, 900);
    assert.equal(p.tokens, 5000);
    assert.match(p.receiptNumber, /^R-\d{6}$/);
    assert.equal(JSON.stringify(p).includes('cs_test'), false, 'no Stripe ids in the API');
    // Stripe's hosted receipt of the charge is stored too.
    assert.match(p.receipt.stripe, new RegExp(`^${stripe.url}/receipts/ch_`));
    const mail = await lastMail(app, user.email, 'receipt');
    assert.match(mail.text, new RegExp(p.receiptNumber));
    assert.match(mail.text, /\$9\.00/);

    const ledger = await get(user, '/ledger?kind=purchase');
    assert.equal(ledger.body.data.length, 1);
    assert.equal(ledger.body.data[0].delta, 5000);
    assert.equal(ledger.body.data[0].reference, `payment:${p.receiptNumber}`);
  });

  it('5 concurrent copies of one event credit once', async () => {
    const user = await buildUser(app);
    const res = await post(user, '/checkout', { kind: 'token_pack', pack: 'small' });
    const session = stripe.sessions.get(res.body.data.id) as Record<string, unknown>;
    Object.assign(session, { status: 'complete', payment_status: 'paid', payment_intent: `pi_concurrent_${user.id}` });
    const event = stripe.event('checkout.session.completed', session);
    const results = await Promise.all(Array.from({ length: 5 }, () => stripe.send('checkout.session.completed', session, { id: event.id as string, created: event.created as number })));
    assert.deepEqual(results.map((r) => r.status), [200, 200, 200, 200, 200]);
    assert.equal(results.filter((r) => JSON.parse(r.text).duplicate === false).length, 1);
    await app.deps.background.idle();
    assert.equal((await balanceOf(app, user.accessToken)).balance, 6000);
    assert.equal(await creditsOf(user), 1);
    assert.equal((await app.deps.knex('stripe_events').where({ id: event.id })).length, 1);
  });

  it('a tampered or missing signature is a 400 and credits nothing', async () => {
    const user = await buildUser(app);
    const res = await post(user, '/checkout', { kind: 'token_pack', pack: 'big' });
    const session = { ...(stripe.sessions.get(res.body.data.id) as Record<string, unknown>), status: 'complete', payment_status: 'paid' };
    const event = stripe.event('checkout.session.completed', session);
    const body = JSON.stringify(event);
    const signature = stripe.sign(body);
    const tampered = body.replace('"tokens":"20000"', '"tokens":"2000000"');
    assert.notEqual(tampered, body);
    const forged = await stripe.send('checkout.session.completed', session, { body: tampered, signature });
    assert.equal(forged.status, 400);
    assert.equal(JSON.parse(forged.text).error.code, 'invalid_signature');
    const wrongSecret = await stripe.send('checkout.session.completed', session, { body, signature: signature.replace(/v1=[0-9a-f]+/, `v1=${'0'.repeat(64)}`) });
    assert.equal(wrongSecret.status, 400);
    const unsigned = await fetch(stripe.webhookUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    assert.equal(unsigned.status, 400);
    assert.equal((await balanceOf(app, user.accessToken)).balance, 1000);
    assert.equal((await app.deps.knex('stripe_events').where({ id: event.id })).length, 0);
    // The untouched body with its signature is accepted.
    const genuine = await stripe.send('checkout.session.completed', session, { body, signature });
    assert.equal(genuine.status, 200);
    assert.equal((await balanceOf(app, user.accessToken)).balance, 21000);
  });

  it('a subscription checkout moves the tier; invoice.paid refills the plan allowance once per invoice', async () => {
    const user = await buildUser(app);
    const res = await post(user, '/checkout', { kind: 'subscription', plan: 'pro' });
    assert.equal(res.status, 201, res.text);
    const call = stripe.calls.filter((c) => c.path === '/v1/checkout/sessions').at(-1);
    assert.deepEqual(call?.params.line_items, [{ price: 'price_pro', quantity: '1' }]);
    const { status } = await stripe.completeCheckout(res.body.data.id);
    assert.equal(status, 200);
    const session = stripe.sessions.get(res.body.data.id) as Record<string, unknown>;
    assert.equal((await get(user, '/plans')).body.data.current, 'pro');
    assert.equal((await get(user, '/plans')).body.data.subscription.status, 'active');
    assert.equal((await balanceOf(app, user.accessToken)).balance, 1000, 'tokens come with the paid invoice');

    const invoice = {
      id: session.invoice,
      object: 'invoice',
      customer: session.customer,
      amount_paid: 2900,
      amount_due: 2900,
      currency: 'usd',
      hosted_invoice_url: 'https://invoice.stripe.test/i/1',
      parent: { type: 'subscription_details', subscription_details: { subscription: session.subscription, metadata: { userId: user.id, plan: 'pro' } } },
      lines: { data: [{ pricing: { price_details: { price: 'price_pro' } } }] },
    };
    const paid = await stripe.send('invoice.paid', invoice);
    assert.equal(paid.status, 200);
    await stripe.send('invoice.paid', invoice, { id: paid.event.id as string });
    await app.deps.background.idle();
    assert.equal((await balanceOf(app, user.accessToken)).balance, 51000);
    // A second event about the same invoice (e.g. invoice.payment_succeeded-style resend) credits nothing more.
    await stripe.send('invoice.paid', invoice);
    assert.equal((await balanceOf(app, user.accessToken)).balance, 51000);
    const payments = (await get(user, '/payments')).body.data;
    assert.equal(payments.length, 1);
    assert.equal(payments[0].kind, 'subscription');
    assert.equal(payments[0].tokens, 50000);
    assert.equal(payments[0].receipt.stripe, 'https://invoice.stripe.test/i/1');
    await lastMail(app, user.email, 'receipt');

    // Switching plan while subscribed goes through the portal's subscription update, not a second subscription.
    const change = await post(user, '/checkout', { kind: 'subscription', plan: 'enterprise' });
    assert.equal(change.status, 201, change.text);
    assert.match(change.body.data.url, new RegExp(`^${stripe.url}/portal/`));
    const portalCall = stripe.calls.filter((c) => c.path === '/v1/billing_portal/sessions').at(-1);
    assert.deepEqual(portalCall?.params.flow_data, { type: 'subscription_update', subscription_update: { subscription: session.subscription } });
    assert.equal((await post(user, '/checkout', { kind: 'subscription', plan: 'pro' })).body.error.code, 'already_on_plan');

    // Next month's invoice refills again.
    await stripe.send('invoice.paid', { ...invoice, id: `${String(invoice.id)}_2` });
    assert.equal((await balanceOf(app, user.accessToken)).balance, 101000);
  });

  it('invoice.payment_failed → an in-app notification and an email, no credit; notifications can be marked read', async () => {
    const user = await buildUser(app);
    await buyPack(app, stripe, user.accessToken, 'small');
    const customer = (await app.deps.knex('billing_customers').where({ userId: user.id }).first()).stripeCustomerId;
    const invoice = { id: `in_failed_${user.id}`, object: 'invoice', customer, amount_due: 2900, currency: 'usd', attempt_count: 1, parent: { subscription_details: { subscription: null, metadata: { plan: 'pro' } } } };
    const res = await stripe.send('invoice.payment_failed', invoice);
    assert.equal(res.status, 200);
    await stripe.send('invoice.payment_failed', invoice, { id: res.event.id as string });
    await app.deps.background.idle();
    assert.equal((await balanceOf(app, user.accessToken)).balance, 6000);
    const list = await get(user, '/notifications');
    assert.equal(list.status, 200);
    const failed = list.body.data.filter((n: { kind: string }) => n.kind === 'payment_failed');
    assert.equal(failed.length, 1);
    assert.match(failed[0].text, /No tokens were added/);
    assert.equal(failed[0].readAt, null);
    assert.ok(list.body.meta.unread >= 1);
    const mail = await lastMail(app, user.email, 'payment_failed');
    assert.match(mail.text, /\$29\.00/);
    const payment = (await get(user, '/payments')).body.data.find((p: { kind: string }) => p.kind === 'subscription');
    assert.equal(payment.status, 'failed');
    assert.deepEqual((await paymentActivity(user.id)).filter(([, target]) => target === payment.receiptNumber), [['payment.failed', payment.receiptNumber]]);

    const other = await buildUser(app);
    assert.equal((await post(other, `/notifications/${failed[0].id}/read`)).status, 404);
    assert.equal((await post(user, '/notifications/not-a-uuid/read')).status, 400);
    assert.equal((await post(user, `/notifications/${failed[0].id}/read`)).status, 200);
    const after = await get(user, '/notifications?unread=true');
    assert.equal(after.body.data.some((n: { id: string }) => n.id === failed[0].id), false);

    // The retry succeeds: the same invoice is now paid and credited.
    await stripe.send('invoice.paid', { ...invoice, amount_paid: 2900 });
    assert.equal((await balanceOf(app, user.accessToken)).balance, 56000);
    assert.equal((await get(user, '/payments')).body.data.find((p: { kind: string }) => p.kind === 'subscription').status, 'succeeded');
  });

  it('subscription updates apply in event order: an older update arriving late does not override a newer one', async () => {
    const user = await buildUser(app);
    await buyPack(app, stripe, user.accessToken, 'small');
    const customer = (await app.deps.knex('billing_customers').where({ userId: user.id }).first()).stripeCustomerId;
    const sub = (price: string, status = 'active') => ({ id: `sub_${user.id}`, object: 'subscription', customer, status, metadata: { userId: user.id }, items: { data: [{ price: { id: price }, current_period_end: 1_900_000_000 }] } });
    const t = Math.floor(Date.now() / 1000);
    assert.equal((await stripe.send('customer.subscription.updated', sub('price_enterprise'), { created: t + 10 })).status, 200);
    const tier = async () => (await app.deps.knex('users').where({ id: user.id }).first()).tier;
    assert.equal(await tier(), 'enterprise');
    const late = await stripe.send('customer.subscription.updated', sub('price_pro'), { created: t + 5 });
    assert.equal(JSON.parse(late.text).outcome, 'ignored:stale');
    assert.equal(await tier(), 'enterprise');
    const plans = (await get(user, '/plans')).body.data;
    assert.equal(plans.subscription.currentPeriodEnd, new Date(1_900_000_000 * 1000).toISOString());
    await stripe.send('customer.subscription.deleted', sub('price_enterprise', 'canceled'), { created: t + 20 });
    assert.equal(await tier(), 'basic');
    // An update from before the cancellation cannot revive it.
    await stripe.send('customer.subscription.updated', sub('price_enterprise'), { created: t + 15 });
    assert.equal(await tier(), 'basic');
  });

  it('charge.refunded debits the refunded share of the tokens (partial, then full), once per refund amount', async () => {
    const user = await buildUser(app);
    const { sessionId } = await buyPack(app, stripe, user.accessToken, 'big');
    const session = stripe.sessions.get(sessionId) as Record<string, unknown>;
    assert.equal((await balanceOf(app, user.accessToken)).balance, 21000);
    const charge = (amountRefunded: number) => ({ id: `ch_${user.id}`, object: 'charge', payment_intent: session.payment_intent, amount: 2900, amount_refunded: amountRefunded, refunded: amountRefunded === 2900 });
    const half = await stripe.send('charge.refunded', charge(1450));
    assert.equal(JSON.parse(half.text).outcome, 'partially_refunded');
    await stripe.send('charge.refunded', charge(1450));
    assert.equal((await balanceOf(app, user.accessToken)).balance, 11000);
    let payment = (await get(user, '/payments')).body.data[0];
    assert.equal(payment.status, 'partially_refunded');
    assert.equal(payment.refundedCents, 1450);
    await stripe.send('charge.refunded', charge(2900));
    assert.equal((await balanceOf(app, user.accessToken)).balance, 1000);
    payment = (await get(user, '/payments')).body.data[0];
    assert.equal(payment.status, 'refunded');
    const refunds = (await get(user, '/ledger?kind=refund')).body.data;
    assert.deepEqual(refunds.map((e: { delta: number }) => e.delta), [-10000, -10000]);
    // Each money movement is on the user's activity log, once, under the receipt number.
    assert.deepEqual(await paymentActivity(user.id), [
      ['payment.succeeded', payment.receiptNumber],
      ['payment.partially_refunded', payment.receiptNumber],
      ['payment.refunded', payment.receiptNumber],
    ]);
  });

  it('a refund of tokens already spent takes what is left, never below zero', async () => {
    const user = await buildUser(app);
    const { sessionId } = await buyPack(app, stripe, user.accessToken, 'small');
    const session = stripe.sessions.get(sessionId) as Record<string, unknown>;
    await debit(app.deps.knex, { userId: user.id, amount: 5500, kind: 'analysis', idempotencyKey: `spend:${user.id}` });
    await stripe.send('charge.refunded', { id: `ch_${user.id}`, object: 'charge', payment_intent: session.payment_intent, amount: 900, amount_refunded: 900 });
    const b = await balanceOf(app, user.accessToken);
    assert.equal(b.balance, 0);
    const refund = (await get(user, '/ledger?kind=refund')).body.data[0];
    assert.equal(refund.delta, -500);
    assert.equal(refund.uncovered, 4500);
  });

  describe('a refund that arrives before its payment', () => {
    /** A paid Checkout Session for the big pack (20,000 tokens, $29.00) whose webhook has not been sent yet. */
    async function paidSession(user: SignedUpUser): Promise<{ session: Record<string, unknown>; charge: (refunded: number) => Record<string, unknown> }> {
      const res = await post(user, '/checkout', { kind: 'token_pack', pack: 'big' });
      assert.equal(res.status, 201, res.text);
      const session = stripe.sessions.get(res.body.data.id) as Record<string, unknown>;
      const pi = `pi_early_${user.id}`;
      Object.assign(session, { status: 'complete', payment_status: 'paid', payment_intent: pi });
      return { session, charge: (refunded) => ({ id: `ch_early_${user.id}`, object: 'charge', payment_intent: pi, amount: 2900, amount_refunded: refunded, refunded: refunded === 2900 }) };
    }
    const outcome = (r: { text: string }) => JSON.parse(r.text).outcome as string;
    /** Everything the money moved: balance, the payment's state, and the refund entries. */
    async function state(user: SignedUpUser) {
      await app.deps.background.idle();
      const payment = (await get(user, '/payments')).body.data[0];
      const refunds = (await get(user, '/ledger?kind=refund')).body.data.map((e: { delta: number }) => e.delta).reduce((a: number, b: number) => a + b, 0);
      return { balance: (await balanceOf(app, user.accessToken)).balance, status: payment?.status, refundedCents: payment?.refundedCents, refunds, purchases: await creditsOf(user) };
    }

    it('is kept, applied when the purchase is credited, and ends where the usual order ends; replays change nothing', async () => {
      const early = await buildUser(app);
      const a = await paidSession(early);
      const refund = await stripe.send('charge.refunded', a.charge(1450));
      assert.equal(refund.status, 200);
      assert.equal(outcome(refund), 'deferred:unknown_payment');
      assert.equal(JSON.parse((await stripe.send('charge.refunded', a.charge(1450), { id: refund.event.id as string })).text).duplicate, true);
      assert.equal((await balanceOf(app, early.accessToken)).balance, 1000, 'nothing to take back yet');

      const paid = await stripe.send('checkout.session.completed', a.session);
      assert.equal(outcome(paid), 'credited');
      const afterEarly = await state(early);
      assert.deepEqual(afterEarly, { balance: 11000, status: 'partially_refunded', refundedCents: 1450, refunds: -10000, purchases: 1 });

      // Replays of both events, and a fresh copy of the same refund, move nothing.
      assert.equal(JSON.parse((await stripe.send('checkout.session.completed', a.session, { id: paid.event.id as string })).text).duplicate, true);
      assert.equal(JSON.parse((await stripe.send('charge.refunded', a.charge(1450), { id: refund.event.id as string })).text).duplicate, true);
      assert.equal(outcome(await stripe.send('charge.refunded', a.charge(1450))), 'ignored:not_newer');
      assert.equal(outcome(await stripe.send('checkout.session.completed', a.session)), 'already_credited');
      assert.deepEqual(await state(early), afterEarly);

      // The usual order gives the same result.
      const usual = await buildUser(app);
      const b = await paidSession(usual);
      assert.equal(outcome(await stripe.send('checkout.session.completed', b.session)), 'credited');
      assert.equal(outcome(await stripe.send('charge.refunded', b.charge(1450))), 'partially_refunded');
      assert.deepEqual(await state(usual), afterEarly);

      // Later refunds continue from there, whichever way the first one came.
      assert.equal(outcome(await stripe.send('charge.refunded', a.charge(2900))), 'refunded');
      assert.equal(outcome(await stripe.send('charge.refunded', b.charge(2900))), 'refunded');
      assert.deepEqual(await state(early), { balance: 1000, status: 'refunded', refundedCents: 2900, refunds: -20000, purchases: 1 });
      assert.deepEqual(await state(usual), await state(early));
      const receipt = (await get(early, '/payments')).body.data[0].receiptNumber;
      // The credit and the early refund are logged by one transaction, possibly in the same millisecond.
      assert.deepEqual((await paymentActivity(early.id)).map(([action]) => action).sort(), ['payment.partially_refunded', 'payment.refunded', 'payment.succeeded']);
      assert.ok((await paymentActivity(early.id)).every(([, target]) => target === receipt));
    });

    it('keeps the largest of several early refunds, whatever order they came in', async () => {
      const user = await buildUser(app);
      const { session, charge } = await paidSession(user);
      assert.equal(outcome(await stripe.send('charge.refunded', charge(2900))), 'deferred:unknown_payment');
      assert.equal(outcome(await stripe.send('charge.refunded', charge(1450))), 'deferred:unknown_payment'); // older, delivered late
      const pending = await app.deps.knex('stripePendingRefunds').where({ stripeChargeId: `ch_early_${user.id}` });
      assert.deepEqual(pending.map((r: { amountRefunded: number; appliedAt: Date | null }) => [r.amountRefunded, r.appliedAt]), [[2900, null]]);
      assert.equal(outcome(await stripe.send('checkout.session.completed', session)), 'credited');
      assert.deepEqual(await state(user), { balance: 1000, status: 'refunded', refundedCents: 2900, refunds: -20000, purchases: 1 });
      const applied = await app.deps.knex('stripePendingRefunds').where({ stripeChargeId: `ch_early_${user.id}` }).first();
      assert.ok(applied.appliedAt, 'marked applied in the crediting transaction');
    });
  });

  it('receipts: printable HTML and a PDF, for the owner only', async () => {
    const user = await buildUser(app, { name: 'Receipt Reader' });
    await buyPack(app, stripe, user.accessToken, 'small');
    const p = (await get(user, '/payments')).body.data[0];
    const html = await fetch(`${app.url}${p.receipt.html}?access_token=${user.accessToken}`);
    assert.equal(html.status, 200);
    assert.match(html.headers.get('content-type') ?? '', /text\/html/);
    const text = await html.text();
    assert.match(text, new RegExp(p.receiptNumber));
    assert.match(text, /Receipt Reader/);
    assert.match(text, /window\.print\(\)/);
    const pdf = await fetch(`${app.url}${p.receipt.pdf}`, { headers: { authorization: `Bearer ${user.accessToken}` } });
    assert.equal(pdf.status, 200);
    assert.equal(pdf.headers.get('content-type'), 'application/pdf');
    const bytes = Buffer.from(await pdf.arrayBuffer());
    assert.equal(bytes.subarray(0, 5).toString(), '%PDF-');
    const other = await buildUser(app);
    assert.equal((await fetch(`${app.url}${p.receipt.pdf}?access_token=${other.accessToken}`)).status, 404);
    assert.equal((await fetch(`${app.url}${p.receipt.html}`)).status, 401);
  });

  it('opens the Customer Portal for the user’s customer', async () => {
    const user = await buildUser(app);
    const res = await post(user, '/portal');
    assert.equal(res.status, 201);
    const customer = (await app.deps.knex('billing_customers').where({ userId: user.id }).first()).stripeCustomerId;
    assert.equal(res.body.data.url, `${stripe.url}/portal/${customer}`);
  });
});

describe('billing without Stripe configured', () => {
  let app: TestApp;
  before(async () => {
    app = await startTestApp();
  });
  after(() => app.close());

  it('says so on the plans endpoint and refuses checkout and webhooks with billing_not_configured', async () => {
    const user = await buildUser(app);
    const plans = await app.request('GET', '/api/v1/billing/plans', undefined, { token: user.accessToken });
    assert.equal(plans.body.data.stripe.configured, false);
    assert.match(plans.body.data.stripe.message, /not configured/);
    assert.ok(plans.body.data.plans.every((p: { purchasable: boolean }) => !p.purchasable));
    const checkout = await app.request('POST', '/api/v1/billing/checkout', { kind: 'token_pack', pack: 'small' }, { token: user.accessToken });
    assert.equal(checkout.status, 409);
    assert.equal(checkout.body.error.code, 'billing_not_configured');
    const portal = await app.request('POST', '/api/v1/billing/portal', {}, { token: user.accessToken });
    assert.equal(portal.body.error.code, 'billing_not_configured');
    const hook = await app.request('POST', '/api/v1/billing/webhook', { id: 'evt_x', type: 'checkout.session.completed' }, { headers: { 'stripe-signature': 't=1,v1=00' } });
    assert.equal(hook.status, 409);
  });
});
