import type { LedgerDetail } from '@intellio/api-client';
import { en } from '@intellio/i18n';
import type { TFunction } from 'i18next';

/**
 * A ledger line in the screen's language, from the detail the API sends with it; the API's English
 * `description` is the fallback for a detail this client does not know yet.
 */
export function ledgerText(line: { detail?: LedgerDetail; description?: string; reference: string | null }, t: TFunction): string {
  const d = line.detail;
  if (!d) return line.description ?? line.reference ?? '—';
  switch (d.what) {
    case 'signup':
      return t('billing.ledger.lines.signup', { plan: d.plan in en.tiers ? t(`tiers.${d.plan as keyof typeof en.tiers}`) : d.plan });
    case 'admin':
      if (d.added) return d.reason ? t('billing.ledger.lines.adminAddedReason', { reason: d.reason }) : t('billing.ledger.lines.adminAdded');
      return d.reason ? t('billing.ledger.lines.adminRemovedReason', { reason: d.reason }) : t('billing.ledger.lines.adminRemoved');
    case 'refund':
      return t('billing.ledger.lines.refund', { receipt: d.receipt });
    case 'payment':
      return t(`billing.ledger.lines.${d.payment}`, { receipt: d.receipt });
    case 'analysis':
      return d.prompt === null ? t('billing.ledger.lines.analysisDeleted') : t('billing.ledger.lines.analysis', { prompt: d.prompt });
    case 'document':
      return d.filename === null ? t('billing.ledger.lines.documentDeleted') : t('billing.ledger.lines.document', { filename: d.filename });
    case 'search':
      return t('billing.ledger.lines.search');
    case 'reading':
      return t('billing.ledger.lines.reading');
    case 'other':
      return d.kind in en.billing.ledger.kinds ? t(`billing.ledger.kinds.${d.kind as keyof typeof en.billing.ledger.kinds}`) : (line.description ?? d.kind);
    default:
      return line.description ?? line.reference ?? '—';
  }
}
