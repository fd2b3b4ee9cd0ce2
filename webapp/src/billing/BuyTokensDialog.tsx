import { Button, Dialog, DialogActions, DialogBody, DialogContent, DialogSurface, DialogTitle, MessageBar, Radio, RadioGroup } from '@fluentui/react-components';
import type { TokenPack } from '@intellio/api-client';
import { useState } from 'react';
import { api } from '../api';
import { formatMoney } from '../usage/format';
import { errorText, tokensText } from './format';

interface BuyTokensDialogProps {
  packs: TokenPack[];
  onClose(): void;
}

/** Choose a token pack and go to Stripe Checkout (tokens arrive when Stripe confirms the payment). */
export function BuyTokensDialog({ packs, onClose }: BuyTokensDialogProps) {
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
      setError(errorText(err));
      setBusy(false);
    }
  }

  return (
    <Dialog open onOpenChange={(_, d) => !d.open && onClose()}>
      <DialogSurface data-testid="buy-tokens-dialog">
        <DialogBody>
          <DialogTitle>Buy tokens</DialogTitle>
          <DialogContent>
            {error && <MessageBar intent="error">{error}</MessageBar>}
            <RadioGroup value={pack} onChange={(_, d) => setPack(d.value)} aria-label="Token pack">
              {packs.map((p) => (
                <Radio key={p.id} value={p.id} label={`${tokensText(p.tokens)} — ${formatMoney(p.priceCents, p.currency)}`} />
              ))}
            </RadioGroup>
          </DialogContent>
          <DialogActions>
            <Button onClick={onClose}>Cancel</Button>
            <Button appearance="primary" disabled={!pack || busy} onClick={() => void handleBuy()}>
              {busy ? 'Opening checkout…' : 'Continue to payment'}
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
