/**
 * BILLING_CURRENCY=krw end to end against the fake Stripe: the won is a zero-decimal currency, so every
 * amount is whole won in Stripe, in the API and on receipts (₩12,000, never ₩120.00 or ×100).
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'mocha';
import { balanceOf } from '../../test/analysis-fixtures.js';
import type { TestApp } from '../../test/app.js';
import { buildUser, lastMail, type SignedUpUser } from '../../test/builders.js';
import { buyPack, startStripeApp, type FakeStripe } from '../../test/fake-stripe.js';
import { loadConfig } from '../config.js';
import { minorUnitDigits, money } from './currency.js';

describe('billing in Korean won (BILLING_CURRENCY=krw)', () => {
  let app: TestApp;
  let stripe: FakeStripe;
  let close: () => Promise<void>;

  before(async () => {
    ({ app, stripe, close } = await startStripeApp(
      { BILLING_CURRENCY: 'krw', SIGNUP_TOKENS_BASIC: '1000', SIGNUP_TOKENS_PRO: '50000', PLAN_PRICE_CENTS: 'pro=39000,enterprise=259000', TOKEN_PACKS: 'small=100000/12000' },
      { price_pro: 39000, price_enterprise: 259000 },
    ));
  });
  after(() => close());

  const get = (user: SignedUpUser, p: string) => app.request('GET', `/api/v1/billing${p}`, undefined, { token: user.accessToken });

  it('knows the minor unit of a currency from Intl, with Stripe’s exceptions', () => {
    assert.deepEqual(['usd', 'krw', 'jpy', 'bhd', 'isk'].map(minorUnitDigits), [2, 0, 0, 3, 2]);
    assert.equal(money(12000, 'krw'), '₩12,000');
    assert.equal(money(12000, 'usd'), '$120.00');
    assert.equal(money(12000, 'krw', 'code'), 'KRW\u00a012,000');
    assert.throws(() => loadConfig({ ...process.env, BILLING_CURRENCY: 'kwr' }), /BILLING_CURRENCY/);
  });

  it('shows plan and pack prices in whole won', async () => {
    const user = await buildUser(app);
    const d = (await get(user, '/plans')).body.data;
    assert.deepEqual(d.packs[0], { id: 'small', tokens: 100000, priceCents: 12000, currency: 'krw', priceText: '₩12,000' });
    assert.deepEqual(d.plans.map((p: { priceText: string }) => p.priceText), ['₩0', '₩39,000', '₩259,000']);
  });

  it('checkout → webhook → tokens credited, with the amount in won everywhere', async () => {
    const user = await buildUser(app);
    const { sessionId } = await buyPack(app, stripe, user.accessToken, 'small');
    const created = stripe.calls.find((c) => c.path === '/v1/checkout/sessions' && (c.params.metadata as { userId?: string }).userId === user.id);
    const item = (created?.params.line_items as Array<{ price_data: { currency: string; unit_amount: string } }>)[0];
    assert.deepEqual([item.price_data.currency, item.price_data.unit_amount], ['krw', '12000'], 'Stripe gets whole won, not ×100');
    assert.equal(stripe.sessions.get(sessionId)?.amount_total, 12000);
    assert.equal((await balanceOf(app, user.accessToken)).balance, 101000);

    const p = (await get(user, '/payments')).body.data[0];
    assert.deepEqual([p.amountCents, p.currency, p.amountText, p.refundedText], [12000, 'krw', '₩12,000', '₩0']);

    const mail = await lastMail(app, user.email, 'receipt');
    assert.match(mail.text, /Amount: ₩12,000/);
    assert.doesNotMatch(mail.text, /₩120\.00/);

    const html = await get(user, `/payments/${p.id}/receipt`);
    assert.equal(html.status, 200);
    assert.match(html.text, /<th>Amount<\/th><td>₩12,000<\/td>/);

    // The PDF's font (Noto Sans KR, cut to the page) draws ₩: the amount is never "?12,000" or ×100.
    const res = await fetch(`${app.url}/api/v1/billing/payments/${p.id}/receipt.pdf`, { headers: { authorization: `Bearer ${user.accessToken}` } });
    assert.equal(res.status, 200);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'intellio-krw-'));
    try {
      fs.writeFileSync(path.join(dir, 'r.pdf'), Buffer.from(await res.arrayBuffer()));
      const text = execFileSync('pdftotext', ['-q', '-layout', path.join(dir, 'r.pdf'), '-'], { encoding: 'utf8' });
      assert.match(text, /Amount\s+₩12,000/);
      assert.doesNotMatch(text, /\?12,000|120\.00/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a failed subscription charge is told in won, in the payment, the notification and the email', async () => {
    const user = await buildUser(app);
    await buyPack(app, stripe, user.accessToken, 'small');
    const customer = (await app.deps.knex('billing_customers').where({ userId: user.id }).first()).stripeCustomerId;
    const invoice = { id: `in_krw_failed_${user.id}`, object: 'invoice', customer, amount_due: 39000, currency: 'krw', attempt_count: 1, parent: { subscription_details: { subscription: null, metadata: { plan: 'pro' } } } };
    assert.equal((await stripe.send('invoice.payment_failed', invoice)).status, 200);
    await app.deps.background.idle();
    const payment = (await get(user, '/payments')).body.data.find((p: { kind: string }) => p.kind === 'subscription');
    assert.deepEqual([payment.status, payment.amountText], ['failed', '₩39,000']);
    const note = (await get(user, '/notifications')).body.data.find((n: { kind: string }) => n.kind === 'payment_failed');
    assert.match(note.text, /could not charge ₩39,000 for your Pro subscription/);
    assert.match((await lastMail(app, user.email, 'payment_failed')).text, /₩39,000/);
  });
});
