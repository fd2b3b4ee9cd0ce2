import assert from 'node:assert/strict';
import { after, before, describe, it } from 'mocha';
import type { TestApp } from '../../test/app.js';
import { buildUser, lastMail, type SignedUpUser } from '../../test/builders.js';
import { analysisBody, balanceOf, buildProject, seedDocument } from '../../test/analysis-fixtures.js';
import { buyPack, startStripeApp, type FakeStripe } from '../../test/fake-stripe.js';
import { debit } from './ledger.js';

describe('auto-pay (off-session top-up once per crossing)', () => {
  let app: TestApp;
  let stripe: FakeStripe;
  let close: () => Promise<void>;

  before(async () => {
    ({ app, stripe, close } = await startStripeApp({
      SIGNUP_TOKENS_BASIC: '1000000',
      TOKEN_PACKS: 'small=1000/900,topup=1000000/4900',
      BALANCE_ALERT_THRESHOLDS: '0',
      ANALYSIS_RATE_LIMIT_PER_MINUTE: '1000',
    }));
  });
  after(() => close());

  const put = (user: SignedUpUser, body: unknown) => app.request('PUT', '/api/v1/billing/auto-pay', body, { token: user.accessToken });
  const customerOf = async (user: SignedUpUser) => (await app.deps.knex('billing_customers').where({ userId: user.id }).first()).stripeCustomerId as string;
  const intentsFor = (customer: string) => stripe.calls.filter((c) => c.path === '/v1/payment_intents' && c.params.customer === customer);
  const autoPayments = (user: SignedUpUser) => app.deps.knex('payments').where({ userId: user.id, kind: 'auto_pay' }).orderBy('createdAt');
  const spend = (user: SignedUpUser, amount: number, key: string) => debit(app.deps.knex, { userId: user.id, amount, kind: 'analysis', idempotencyKey: `${key}:${user.id}` });

  it('reads and validates the settings', async () => {
    const user = await buildUser(app);
    const initial = await app.request('GET', '/api/v1/billing/auto-pay', undefined, { token: user.accessToken });
    assert.deepEqual(initial.body.data, { enabled: false, thresholdTokens: 0, pack: 'small' });
    for (const bad of [{ enabled: 'yes', thresholdTokens: 10, pack: 'small' }, { enabled: true, thresholdTokens: -1, pack: 'small' }, { enabled: true, thresholdTokens: 1.5, pack: 'small' }, { enabled: true, thresholdTokens: 10 }]) {
      const res = await put(user, bad);
      assert.equal(res.status, 400, JSON.stringify(bad));
      assert.equal(res.body.error.code, 'validation');
    }
    const unknown = await put(user, { enabled: true, thresholdTokens: 10, pack: 'nope' });
    assert.equal(unknown.status, 400);
    const ok = await put(user, { enabled: false, thresholdTokens: 500, pack: 'topup' });
    assert.equal(ok.status, 200);
    assert.deepEqual(ok.body.data, { enabled: false, thresholdTokens: 500, pack: 'topup' });
    assert.equal((await app.request('PUT', '/api/v1/billing/auto-pay', { enabled: false, thresholdTokens: 1, pack: 'small' })).status, 401);
  });

  it('charges exactly once when 20 concurrent analyses cross the threshold', async () => {
    const user = await buildUser(app);
    const projectId = await buildProject(app, user);
    await seedDocument(app, user.id, projectId, 'report.pdf', ['Revenue grew strongly in May.']);
    await buyPack(app, stripe, user.accessToken, 'small'); // saves the card
    const customer = await customerOf(user);

    const probe = await app.request('POST', '/api/v1/analyses', analysisBody(projectId, { prompt: 'Summarise revenue (probe)' }), { token: user.accessToken });
    assert.equal(probe.status, 201, probe.text);
    const cost = probe.body.data.tokensCharged as number;
    assert.ok(cost > 0);
    const start = (await balanceOf(app, user.accessToken)).balance;
    // Crossed about half-way through the 20; the top-up lifts the balance far above it, so no second crossing.
    const threshold = start - Math.floor(cost * 9.5);
    assert.equal((await put(user, { enabled: true, thresholdTokens: threshold, pack: 'topup' })).status, 200);
    await app.deps.background.idle();
    assert.equal(intentsFor(customer).length, 0, 'above the threshold nothing is charged');

    const runs = await Promise.all(
      Array.from({ length: 20 }, (_, i) => app.request('POST', '/api/v1/analyses', analysisBody(projectId, { prompt: `Summarise revenue growth, variant ${i}` }), { token: user.accessToken })),
    );
    assert.deepEqual(runs.map((r) => r.status), Array(20).fill(201));
    const charged = runs.reduce((sum, r) => sum + (r.body.data.tokensCharged as number), 0);
    assert.ok(start - charged < threshold, 'the runs crossed the threshold');
    await app.deps.background.idle();

    const intents = intentsFor(customer);
    assert.equal(intents.length, 1);
    assert.equal(intents[0].params.off_session, 'true');
    assert.equal(intents[0].params.confirm, 'true');
    assert.equal(intents[0].params.amount, '4900');
    assert.match(intents[0].idempotencyKey ?? '', /^autopay:/);
    const payments = await autoPayments(user);
    assert.equal(payments.length, 1);
    assert.equal(payments[0].status, 'succeeded');
    assert.match(payments[0].receiptUrl, /\/receipts\/ch_/);
    assert.equal((await balanceOf(app, user.accessToken)).balance, start - charged + 1_000_000);
    await lastMail(app, user.email, 'receipt');

    // Stripe's own confirmation of the same PaymentIntent credits nothing more.
    const pi = stripe.paymentIntents().find((p) => p.customer === customer) as Record<string, unknown>;
    const hook = await stripe.send('payment_intent.succeeded', pi);
    assert.equal(JSON.parse(hook.text).outcome, 'already_credited');
    assert.equal((await balanceOf(app, user.accessToken)).balance, start - charged + 1_000_000);
  });

  it('a declined card: a failed payment, a notification and an email, no credit, no retry until the balance recovers', async () => {
    const user = await buildUser(app);
    await buyPack(app, stripe, user.accessToken, 'small');
    const customer = await customerOf(user);
    const start = (await balanceOf(app, user.accessToken)).balance;
    stripe.decline = true;
    try {
      // Enabling with the balance already under the threshold charges at once.
      assert.equal((await put(user, { enabled: true, thresholdTokens: start + 10, pack: 'topup' })).status, 200);
      await app.deps.background.idle();
      assert.equal(intentsFor(customer).length, 1);
      const [payment] = await autoPayments(user);
      assert.equal(payment.status, 'failed');
      assert.match(payment.failureMessage, /declined/);
      assert.equal((await balanceOf(app, user.accessToken)).balance, start);
      const notes = (await app.request('GET', '/api/v1/billing/notifications', undefined, { token: user.accessToken })).body.data;
      assert.equal(notes.filter((n: { kind: string }) => n.kind === 'auto_pay_failed').length, 1);
      assert.match((await lastMail(app, user.email, 'auto_pay_failed')).text, /No tokens were added/);

      await spend(user, 100, 'after-decline');
      await app.deps.background.idle();
      assert.equal(intentsFor(customer).length, 1, 'the same crossing is not charged again');
    } finally {
      stripe.decline = false;
    }

    // A purchase lifts the balance above the threshold (re-armed); the next crossing charges the card.
    await buyPack(app, stripe, user.accessToken, 'small');
    await spend(user, 1000, 'cross-again');
    await app.deps.background.idle();
    assert.equal(intentsFor(customer).length, 2);
    const payments = await autoPayments(user);
    assert.deepEqual(payments.map((p) => p.status), ['failed', 'succeeded']);
  });

  it('fails cleanly when there is no saved card', async () => {
    const user = await buildUser(app);
    const start = (await balanceOf(app, user.accessToken)).balance;
    await put(user, { enabled: true, thresholdTokens: start + 1, pack: 'small' });
    await app.deps.background.idle();
    const [payment] = await autoPayments(user);
    assert.equal(payment.status, 'failed');
    assert.match(payment.failureMessage, /no saved card/);
    assert.equal((await balanceOf(app, user.accessToken)).balance, start);
  });
});
