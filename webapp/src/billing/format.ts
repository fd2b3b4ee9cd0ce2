/** Display helpers of the billing page's sections (numbers, money and dates come from usage/format). */
import type { TokenPack } from '@intellio/api-client';
import type { TFunction } from 'i18next';
import { formatMoney } from '../usage/format';

/** "12,000 tokens" / "12,000 토큰", with the language's plural. */
export const tokensText = (n: number, t: TFunction) => t('billing.tokens', { count: n });

/** A token pack as a choice: its tokens, then its price. */
export const packText = (p: TokenPack, t: TFunction) => `${tokensText(p.tokens, t)} · ${formatMoney(p.priceCents, p.currency)}`;

export const errorText = (err: unknown, t: TFunction) => (err instanceof Error ? err.message : t('common.somethingWrong'));
