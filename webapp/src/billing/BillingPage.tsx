import { Button, Link, makeStyles, MessageBar, MessageBarBody, Text, tokens } from '@fluentui/react-components';
import { CartRegular, OpenRegular } from '@fluentui/react-icons';
import type { BillingNotification, Payment, Plan, Plans } from '@intellio/api-client';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { api } from '../api';
import { Section } from '../layout/Section';
import { usePageTitle } from '../layout/usePageTitle';
import { useNotify } from '../notify/useNotify';
import { AutoPayForm } from './AutoPayForm';
import { BuyTokensDialog } from './BuyTokensDialog';
import { errorText, tokensText } from './format';
import { LedgerList } from './LedgerList';
import { NotificationsList } from './NotificationsList';
import { PaymentHistory } from './PaymentHistory';
import { PlanCards } from './PlanCards';
import { useLiveBalance } from './useLiveBalance';

const useStyles = makeStyles({
  root: { maxWidth: '1000px', margin: '0 auto', display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL },
  head: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalM, flexWrap: 'wrap' },
  title: { margin: 0, flex: 1, fontSize: tokens.fontSizeBase600, fontWeight: tokens.fontWeightSemibold },
  balance: { fontSize: tokens.fontSizeBase500, fontWeight: tokens.fontWeightSemibold },
});

/** /billing — plans, buying tokens, auto-pay, payments with receipts, the ledger and notifications. */
export function BillingPage() {
  const styles = useStyles();
  const notify = useNotify();
  const { t } = useTranslation();
  usePageTitle(t('billing.title'));
  const [params] = useSearchParams();
  const balance = useLiveBalance();
  const [plans, setPlans] = useState<Plans | null>(null);
  const [payments, setPayments] = useState<Payment[]>([]);
  const [notes, setNotes] = useState<BillingNotification[]>([]);
  const [buying, setBuying] = useState(false);
  const [busy, setBusy] = useState<string | null>(null);

  // Every balance change (a purchase confirmed by Stripe, a refund, an alert) refreshes the lists.
  const version = balance ? balance.balance : 0;
  const load = useCallback(() => {
    Promise.all([api.billing.plans(), api.billing.payments({ limit: 50 }), api.billing.notifications()])
      .then(([p, pay, n]) => {
        setPlans(p);
        setPayments(pay);
        setNotes(n.data);
      })
      .catch((err: unknown) => notify('error', t('billing.loadFailed'), errorText(err, t)));
  }, [notify, t]);
  useEffect(load, [load, version]);

  async function redirect(key: string, start: () => Promise<{ url: string }>) {
    setBusy(key);
    try {
      window.location.assign((await start()).url);
    } catch (err) {
      notify('error', t('billing.stripeFailed'), errorText(err, t));
      setBusy(null);
    }
  }

  async function handleRead(id: string) {
    try {
      await api.billing.markRead(id);
      load();
    } catch (err) {
      notify('error', t('billing.markReadFailed'), errorText(err, t));
    }
  }

  const configured = plans?.stripe.configured ?? false;
  // The receipt email links here (?receipt=<payment id>): the receipt itself needs the session's token.
  const receiptId = params.get('receipt');
  return (
    <div className={styles.root} data-testid="billing-page">
      <div className={styles.head}>
        <h1 className={styles.title}>{t('billing.title')}</h1>
        {balance && <Text className={styles.balance} data-testid="billing-balance">{t('billing.available', { tokens: tokensText(balance.available, t) })}</Text>}
        <Button appearance="primary" icon={<CartRegular />} disabled={!configured} onClick={() => setBuying(true)}>
          {t('billing.buyTokens')}
        </Button>
        <Button icon={<OpenRegular />} disabled={!configured || busy !== null} onClick={() => void redirect('portal', api.billing.portal)}>
          {t('billing.portal')}
        </Button>
      </div>
      {params.get('checkout') === 'success' && (
        <MessageBar intent="success">
          <MessageBarBody>{t('billing.checkoutSuccess')}</MessageBarBody>
        </MessageBar>
      )}
      {receiptId && (
        <MessageBar intent="info" data-testid="receipt-link">
          <MessageBarBody>
            {t('billing.receiptReady')}{' '}
            <Link href={api.billing.receiptUrl(`/billing/payments/${encodeURIComponent(receiptId)}/receipt`)} target="_blank">
              {t('billing.openReceipt')}
            </Link>
          </MessageBarBody>
        </MessageBar>
      )}
      {plans && !configured && (
        <MessageBar intent="info" data-testid="billing-not-configured">
          <MessageBarBody>{t('billing.notConfigured')}</MessageBarBody>
        </MessageBar>
      )}
      <Section title={t('billing.sections.plan')} testId="plans">
        {plans && <PlanCards plans={plans.plans} busy={busy} onChoose={(p: Plan) => void redirect(p.id, () => api.billing.checkout({ kind: 'subscription', plan: p.id }))} />}
      </Section>
      <Section title={t('billing.sections.notifications')}>
        <NotificationsList items={notes} onRead={(id) => void handleRead(id)} />
      </Section>
      <Section title={t('billing.sections.autoPay')}>{plans && <AutoPayForm packs={plans.packs} disabled={!configured} />}</Section>
      <Section title={t('billing.sections.payments')}>
        <PaymentHistory payments={payments} />
      </Section>
      <Section title={t('billing.sections.ledger')}>
        <LedgerList version={version} />
      </Section>
      {buying && plans && <BuyTokensDialog packs={plans.packs} onClose={() => setBuying(false)} />}
    </div>
  );
}
