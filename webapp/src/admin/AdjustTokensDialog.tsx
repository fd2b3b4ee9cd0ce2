import { Button, Dialog, DialogActions, DialogBody, DialogContent, DialogSurface, DialogTitle, Field, Input, MessageBar, Textarea } from '@fluentui/react-components';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormSubmit } from '../forms/useFormSubmit';
import { grantTokens } from './adminApi';

interface AdjustTokensDialogProps {
  userId: string;
  email: string;
  onClose(): void;
  onDone(balance: number): void;
}

/** Grant or take tokens (a negative amount) with a reason; recorded on the ledger as `adjust` and audit-logged. */
export function AdjustTokensDialog({ userId, email, onClose, onDone }: AdjustTokensDialogProps) {
  const { t } = useTranslation();
  const [amount, setAmount] = useState('');
  const [reason, setReason] = useState('');
  // One key per dialog: a double click or a retry after a lost response applies the grant once.
  const [key] = useState(() => crypto.randomUUID());
  const form = useFormSubmit(['amount', 'reason'] as const);

  async function handleSave() {
    const value = Number(amount);
    const ok = form.check({
      ...(!Number.isInteger(value) || value === 0 ? { amount: t('admin.adjust.amountInvalid') } : {}),
      ...(reason.trim().length < 3 ? { reason: t('admin.adjust.reasonShort') } : {}),
    });
    if (!ok) return;
    await form.submit(async () => {
      const result = await grantTokens(userId, { amount: value, reason: reason.trim() }, key);
      onDone(result.balance.balance);
    });
  }

  return (
    <Dialog open onOpenChange={(_, d) => !d.open && onClose()}>
      <DialogSurface data-testid="adjust-tokens-dialog">
        <DialogBody>
          <DialogTitle>{t('admin.adjust.title', { email })}</DialogTitle>
          <DialogContent>
            {form.formError && <MessageBar intent="error">{form.formError}</MessageBar>}
            <Field label={t('admin.adjust.amount')} validationMessage={form.fieldErrors.amount} required>
              <Input name="amount" type="number" step={1} value={amount} onChange={(_, d) => setAmount(d.value)} />
            </Field>
            <Field label={t('admin.adjust.reason')} validationMessage={form.fieldErrors.reason} required>
              <Textarea name="reason" value={reason} onChange={(_, d) => setReason(d.value)} resize="vertical" />
            </Field>
          </DialogContent>
          <DialogActions>
            <Button onClick={onClose}>{t('common.cancel')}</Button>
            <Button appearance="primary" disabled={form.submitting} onClick={() => void handleSave()}>
              {form.submitting ? t('common.saving') : t('common.save')}
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
