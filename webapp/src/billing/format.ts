/** Display helpers shared by the billing page's sections. */
export const tokensText = (n: number) => `${n.toLocaleString('en-US')} tokens`;

export function moneyText(cents: number, currency: string): string {
  return new Intl.NumberFormat('en-US', { style: 'currency', currency: currency.toUpperCase() }).format(cents / 100);
}

export const dateText = (iso: string | null) => (iso ? new Date(iso).toLocaleString() : '—');

export const errorText = (err: unknown) => (err instanceof Error ? err.message : 'Something went wrong.');
