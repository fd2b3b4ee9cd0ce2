import assert from 'node:assert/strict';
import { formatMoney } from '../../webapp/src/usage/format.js';

describe('formatMoney (web app)', () => {
  it('reads amounts in the smallest unit of each currency: cents for usd, won for krw', () => {
    assert.equal(formatMoney(900, 'usd'), '$9.00');
    assert.equal(formatMoney(12000, 'krw'), '₩12,000');
    assert.equal(formatMoney(500, 'jpy'), '¥500');
  });
});
