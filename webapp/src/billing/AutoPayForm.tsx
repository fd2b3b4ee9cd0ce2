import { Button, Dropdown, Field, Input, makeStyles, Option, Switch, tokens } from '@fluentui/react-components';
import type { AutoPaySettings, TokenPack } from '@intellio/api-client';
import { useEffect, useState } from 'react';
import { api } from '../api';
import { useNotify } from '../notify/useNotify';
import { formatMoney } from '../usage/format';
import { errorText, tokensText } from './format';

const useStyles = makeStyles({
  form: { display: 'flex', flexWrap: 'wrap', alignItems: 'flex-end', gap: tokens.spacingHorizontalL },
});

interface AutoPayFormProps {
  packs: TokenPack[];
  disabled: boolean;
}

/** Auto-pay: top up with a pack, charged to the saved card, when the balance falls under a threshold. */
export function AutoPayForm({ packs, disabled }: AutoPayFormProps) {
  const styles = useStyles();
  const notify = useNotify();
  const [settings, setSettings] = useState<AutoPaySettings | null>(null);
  const [threshold, setThreshold] = useState('');
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    api.billing
      .autoPay()
      .then((s) => {
        setSettings(s);
        setThreshold(String(s.thresholdTokens));
      })
      .catch((err: unknown) => notify('error', 'Could not load auto-pay', errorText(err)));
  }, [notify]);

  if (!settings) return null;
  const thresholdValid = /^\d+$/.test(threshold);

  async function handleSave() {
    if (!settings) return;
    setSaving(true);
    try {
      setSettings(await api.billing.saveAutoPay({ ...settings, thresholdTokens: Number(threshold) }));
      notify('success', 'Auto-pay saved');
    } catch (err) {
      notify('error', 'Could not save auto-pay', errorText(err));
    } finally {
      setSaving(false);
    }
  }

  const selected = packs.find((p) => p.id === settings.pack);
  return (
    <div className={styles.form} data-testid="auto-pay-form">
      <Switch label="Top up automatically" checked={settings.enabled} disabled={disabled} onChange={(_, d) => setSettings({ ...settings, enabled: d.checked })} />
      <Field label="When the balance falls under" validationMessage={thresholdValid ? undefined : 'Enter a whole number of tokens.'}>
        <Input name="threshold" value={threshold} disabled={disabled} onChange={(_, d) => setThreshold(d.value)} contentAfter="tokens" />
      </Field>
      <Field label="Buy">
        <Dropdown
          value={selected ? `${tokensText(selected.tokens)} (${formatMoney(selected.priceCents, selected.currency)})` : ''}
          selectedOptions={[settings.pack]}
          disabled={disabled}
          onOptionSelect={(_, d) => setSettings({ ...settings, pack: d.optionValue ?? settings.pack })}
        >
          {packs.map((p) => (
            <Option key={p.id} value={p.id}>{`${tokensText(p.tokens)} (${formatMoney(p.priceCents, p.currency)})`}</Option>
          ))}
        </Dropdown>
      </Field>
      <Button appearance="primary" disabled={disabled || saving || !thresholdValid} onClick={() => void handleSave()}>
        Save
      </Button>
    </div>
  );
}
