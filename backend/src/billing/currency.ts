/**
 * Amounts are kept, configured and sent to Stripe in the currency's smallest unit, as Stripe counts it:
 * cents for usd, won for krw (a zero-decimal currency: ₩12,000 is `12000`, never ×100). Formatting divides
 * by 10^digits, where the digits come from Intl's currency data (ISO 4217 / CLDR) rather than a list here.
 */

/**
 * Where Stripe's unit differs from ISO's: Stripe takes these as two-decimal amounts (and HUF/TWD/ISK/UGX
 * payouts must be whole units) although ISO or CLDR give them 0 digits.
 * https://docs.stripe.com/currencies#special-cases
 */
const STRIPE_TWO_DECIMAL = new Set(['isk', 'huf', 'ugx']);

const formatters = new Map<string, Intl.NumberFormat>();

function formatter(currency: string, display: 'symbol' | 'code'): Intl.NumberFormat {
  const key = `${currency}:${display}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.NumberFormat('en-US', { style: 'currency', currency: currency.toUpperCase(), currencyDisplay: display });
    formatters.set(key, f);
  }
  return f;
}

/** Digits after the decimal point in the currency's Stripe amounts: usd 2, krw 0, jpy 0, bhd 3. */
export function minorUnitDigits(currency: string): number {
  const code = currency.toLowerCase();
  if (STRIPE_TWO_DECIMAL.has(code)) return 2;
  return formatter(code, 'symbol').resolvedOptions().maximumFractionDigits ?? 2;
}

/**
 * An amount in the smallest unit as people read it: `money(900, 'usd')` → "$9.00", `money(12000, 'krw')`
 * → "₩12,000". `code` writes "KRW 12,000", for places whose font has no ₩ (the PDF receipt).
 */
export function money(minorUnits: number, currency: string, display: 'symbol' | 'code' = 'symbol'): string {
  return formatter(currency.toLowerCase(), display).format(minorUnits / 10 ** minorUnitDigits(currency));
}

/** Whether `code` names a currency Intl knows (so amounts in it can be formatted). */
export function isKnownCurrency(code: string): boolean {
  try {
    formatter(code.toLowerCase(), 'symbol');
    return Intl.supportedValuesOf('currency').includes(code.toUpperCase());
  } catch {
    return false;
  }
}
