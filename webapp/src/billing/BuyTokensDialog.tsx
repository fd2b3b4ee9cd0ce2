import { Button, Dialog, DialogActions, DialogBody, DialogContent, DialogSurface, DialogTitle, MessageBar, Radio, RadioGroup } from '@fluentui/react-components';
import type { TokenPack } from '@intellio/api-client';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api';
import { errorText, packText } from './format';

interface BuyTokensDialogProps {
  packs: TokenPack[];
  onClose(): void;
}

/** Choose a token pack and go to Stripe Checkout (tokens arrive when Stripe confirms the payment). */
export function BuyTokensDialog({ packs, onClose }: BuyTokensDialogProps) {
  const { t } = useTranslation();
  const [pack, setPack] = useState(packs[0]?.id ?? '');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function handleBuy() {
    setBusy(true);
    setError(null);
    try {
      const { url } = await api.billing.checkout({ kind: 'token_pack', pack });
      window.location.assign(url);
    } catch (err) {
      setError(errorText(err, t));
      setBusy(false);
    }
  }

  return (
    <Dialog open onOpenChange={(_, d) => !d.open && onClose()}>
      <DialogSurface data-testid="buy-tokens-dialog">
        <DialogBody>
          <DialogTitle>{t('billing.buy.title')}</DialogTitle>
          <DialogContent>
            {error && <MessageBar intent="error">{error}</MessageBar>}
            <RadioGroup value={pack} onChange={(_, d) => setPack(d.value)} aria-label={t('billing.buy.pack')}>
              {packs.map((p) => (
                <Radio key={p.id} value={p.id} label={packText(p, t)} />
              ))}
            </RadioGroup>
          </DialogContent>
          <DialogActions>
            <Button onClick={onClose}>{t('common.cancel')}</Button>
            <Button appearance="primary" disabled={!pack || busy} onClick={() => void handleBuy()}>
              {busy ? t('common.openingCheckout') : t('billing.buy.continue')}
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
