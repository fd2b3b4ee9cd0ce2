/**
 * Receipts in the user's language: the page, the PDF (with a font that has Hangul, cut down to the page's
 * characters) and the mail, read back as a user would (pdftotext for the PDF).
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ko } from '@intellio/i18n';
import { after, before, describe, it } from 'mocha';
import type { TestApp } from '../../test/app.js';
import { buildUser, lastMail, type SignedUpUser } from '../../test/builders.js';
import { buyPack, startStripeApp, type FakeStripe } from '../../test/fake-stripe.js';

/** The PDF's text as pdftotext reads it (layout kept, so a label and its value share a line). */
function pdfText(bytes: Buffer): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'intellio-receipt-'));
  try {
    fs.writeFileSync(path.join(dir, 'r.pdf'), bytes);
    return execFileSync('pdftotext', ['-q', '-layout', path.join(dir, 'r.pdf'), '-'], { encoding: 'utf8' });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe('receipts in the user’s language', () => {
  let app: TestApp;
  let stripe: FakeStripe;
  let close: () => Promise<void>;

  before(async () => {
    ({ app, stripe, close } = await startStripeApp({ BILLING_CURRENCY: 'krw', TOKEN_PACKS: 'small=100000/12000', PLAN_PRICE_CENTS: 'pro=39000,enterprise=259000' }, { price_pro: 39000, price_enterprise: 259000 }));
  });
  after(() => close());

  async function paidUser(name: string, language: 'ko' | 'en'): Promise<{ user: SignedUpUser; payment: { id: string; receiptNumber: string; receipt: { html: string; pdf: string } } }> {
    const user = await buildUser(app, { name });
    assert.equal((await app.request('PATCH', '/api/v1/me', { language }, { token: user.accessToken })).status, 200);
    await buyPack(app, stripe, user.accessToken, 'small');
    const payment = (await app.request('GET', '/api/v1/billing/payments', undefined, { token: user.accessToken })).body.data[0];
    return { user, payment };
  }

  const fetchAs = (user: SignedUpUser, url: string) => fetch(`${app.url}${url}`, { headers: { authorization: `Bearer ${user.accessToken}` } });

  it('writes a Korean user’s page, PDF and mail in Korean, with the won sign and Hangul drawn in the PDF', async () => {
    const { user, payment } = await paidUser('김민지', 'ko');
    const r = ko.serverMail.receipt;

    const html = await (await fetchAs(user, payment.receipt.html)).text();
    assert.match(html, /<html lang="ko">/);
    assert.ok(html.includes(`<h1>${r.title}</h1>`), html);
    assert.ok(html.includes(`<th>${r.amount}</th><td>₩12,000</td>`), html);
    assert.ok(html.includes(`<th>${r.status}</th><td>${r.state.succeeded}</td>`));
    assert.ok(html.includes(`>${r.print}</button>`) && html.includes(`>${r.download}</a>`));
    assert.doesNotMatch(html, /Receipt|Amount|Download PDF/);

    const res = await fetchAs(user, payment.receipt.pdf);
    assert.equal(res.status, 200);
    const bytes = Buffer.from(await res.arrayBuffer());
    // Cut down to the page's characters: the Noto Sans KR files are 4.5 MB each.
    assert.ok(bytes.length < 60_000, `the PDF is ${bytes.length} bytes`);
    const text = pdfText(bytes);
    assert.match(text, new RegExp(`${r.title}`));
    assert.match(text, new RegExp(`${r.number}\\s+${payment.receiptNumber}`));
    assert.match(text, new RegExp(`${r.billedTo}\\s+김민지 <${user.email.replace(/[.+]/g, '\\$&')}>`));
    assert.match(text, new RegExp(`${r.amount}\\s+₩12,000`));
    assert.match(text, new RegExp(`${r.tokens}\\s+100,000`));
    assert.match(text, new RegExp(`${r.status}\\s+${r.state.succeeded}`));
    assert.match(text, /\d{4}년 \d{1,2}월 \d{1,2}일/, 'the date is written the Korean way');
    assert.doesNotMatch(text, /\?/, 'no character was replaced');

    const mail = await lastMail(app, user.email, 'receipt');
    assert.match(mail.text, /^김민지님, 안녕하세요\./);
    assert.ok(mail.text.includes(`${r.amount}: ₩12,000`));
  });

  it('keeps an English user’s receipt in English, and draws a Korean name in it', async () => {
    const { user, payment } = await paidUser('Ada 김', 'en');
    const html = await (await fetchAs(user, payment.receipt.html)).text();
    assert.match(html, /<html lang="en">/);
    assert.match(html, /<h1>Intellio receipt<\/h1>/);
    const text = pdfText(Buffer.from(await (await fetchAs(user, payment.receipt.pdf)).arrayBuffer()));
    assert.match(text, /Intellio receipt/);
    assert.match(text, /Amount\s+₩12,000/);
    assert.match(text, /Billed to\s+Ada 김 </);
    assert.match(text, /Date\s+\d{4}-\d{2}-\d{2}/);
  });
});
