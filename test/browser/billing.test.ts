/**
 * Billing in Chromium: a user buys a token pack through Checkout on the fake Stripe (its hosted page sends
 * the signed webhook, then redirects back); the header balance and the payment history show it. A second
 * purchase confirmed while the page stays open arrives live through the balance stream.
 */
import assert from 'node:assert/strict';
import { startFakeStripe, type FakeStripe } from '../../backend/test/fake-stripe.js';
import { screenshot } from '../support/browser.js';
import { apiCall, apiSignUp, logIn, newUser, webappSuite } from '../support/webapp.js';

describe('web app: billing (browser, fake Stripe)', function () {
  this.timeout(120_000);

  let stripe: FakeStripe;
  const suite = webappSuite(async () => {
    stripe = await startFakeStripe();
    return {
      STRIPE_SECRET_KEY: 'sk_test_fake',
      STRIPE_WEBHOOK_SECRET: stripe.webhookSecret,
      STRIPE_API_BASE: stripe.url,
      SIGNUP_TOKENS_BASIC: '1000',
      TOKEN_PACKS: 'small=5000/900,large=20000/2900',
    };
  });
  const { pages } = suite;

  before(() => {
    stripe.webhookUrl = `${suite.server.url}/api/v1/billing/webhook`;
  });

  after(() => stripe?.close());

  it('buys a pack through Checkout; the header balance and payment history update, live for a later purchase', async () => {
    const user = newUser('Grace Hopper');
    const session = await apiSignUp(suite.server.url, user);
    const page = await pages.open();
    await logIn(page, user);
    const badge = page.getByTestId('token-balance');
    await badge.filter({ hasText: '1,000' }).waitFor();

    await page.getByTestId('user-menu').click();
    await page.getByTestId('billing').click();
    await page.getByTestId('billing-page').waitFor();
    await page.getByTestId('plan-basic').getByText('Current plan').waitFor();
    await page.getByText('No payments yet.').waitFor();

    await page.getByRole('button', { name: 'Buy tokens' }).click();
    const dialog = page.getByTestId('buy-tokens-dialog');
    await dialog.getByRole('radio', { name: /20,000 tokens/ }).check();
    await dialog.getByRole('button', { name: 'Continue to payment' }).click();
    // The fake Stripe's hosted checkout page: paying sends the signed webhook and redirects back.
    await page.waitForURL(`${stripe.url}/pay/**`);
    await page.getByRole('heading', { name: 'Pay 29.00 USD' }).waitFor();
    await page.getByRole('button', { name: 'Pay' }).click();
    await page.waitForURL(`${suite.server.url}/billing?checkout=success**`);

    await badge.filter({ hasText: '21,000' }).waitFor();
    const rows = page.getByTestId('payment-row');
    await rows.first().getByText('Paid', { exact: true }).waitFor();
    assert.equal(await rows.count(), 1);
    assert.match((await rows.first().textContent()) ?? '', /R-\d{6}.*\$29\.00/);
    await page.getByTestId('ledger-row').filter({ hasText: '+20,000' }).waitFor();

    // A purchase confirmed by Stripe while the page is open: the stream moves the header without a reload.
    const checkout = await apiCall<{ id: string }>(suite.server.url, 'POST', '/billing/checkout', { kind: 'token_pack', pack: 'small' }, session.accessToken);
    assert.equal((await stripe.completeCheckout(checkout.id)).status, 200);
    await badge.filter({ hasText: '26,000' }).waitFor();
    await rows.nth(1).waitFor();
    assert.equal(await rows.count(), 2);
    await screenshot(page, 'billing-1280');

    // The receipt opens as a printable page in a new tab.
    const [popup] = await Promise.all([page.context().waitForEvent('page'), rows.first().getByRole('link', { name: 'View' }).click()]);
    await popup.getByRole('heading', { name: 'Intellio receipt' }).waitFor();
    await popup.getByText('Grace Hopper').waitFor();
  });
});
