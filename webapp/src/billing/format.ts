/** Display helpers of the billing page's sections (numbers, money and dates come from usage/format). */
import { formatNumber } from '../usage/format';

export const tokensText = (n: number) => `${formatNumber(n)} tokens`;

export const errorText = (err: unknown) => (err instanceof Error ? err.message : 'Something went wrong.');
