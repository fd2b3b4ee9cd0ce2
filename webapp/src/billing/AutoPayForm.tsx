import { Button, Dropdown, Field, Input, makeStyles, Option, Switch, tokens } from '@fluentui/react-components';
import type { AutoPaySettings, TokenPack } from '@intellio/api-client';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api';
import { useNotify } from '../notify/useNotify';
import { errorText, packText } from './format';

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
  const { t } = useTranslation();
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
      .catch((err: unknown) => notify('error', t('billing.autoPay.loadFailed'), errorText(err, t)));
  }, [notify, t]);

  if (!settings) return null;
  const thresholdValid = /^\d+$/.test(threshold);

  async function handleSave() {
    if (!settings) return;
    setSaving(true);
    try {
      setSettings(await api.billing.saveAutoPay({ ...settings, thresholdTokens: Number(threshold) }));
      notify('success', t('billing.autoPay.saved'));
    } catch (err) {
      notify('error', t('billing.autoPay.saveFailed'), errorText(err, t));
    } finally {
      setSaving(false);
    }
  }

  const selected = packs.find((p) => p.id === settings.pack);
  return (
    <div className={styles.form} data-testid="auto-pay-form">
      <Switch label={t('billing.autoPay.enabled')} checked={settings.enabled} disabled={disabled} onChange={(_, d) => setSettings({ ...settings, enabled: d.checked })} />
      <Field label={t('billing.autoPay.threshold')} validationMessage={thresholdValid ? undefined : t('billing.autoPay.thresholdInvalid')}>
        <Input name="threshold" value={threshold} disabled={disabled} onChange={(_, d) => setThreshold(d.value)} contentAfter={t('billing.tokensUnit')} />
      </Field>
      <Field label={t('billing.autoPay.buy')}>
        <Dropdown
          clearButton={{ 'aria-label': t('common.clearSelection') }}
          value={selected ? packText(selected, t) : ''}
          selectedOptions={[settings.pack]}
          disabled={disabled}
          onOptionSelect={(_, d) => setSettings({ ...settings, pack: d.optionValue ?? settings.pack })}
        >
          {packs.map((p) => (
            <Option key={p.id} value={p.id}>
              {packText(p, t)}
            </Option>
          ))}
        </Dropdown>
      </Field>
      <Button appearance="primary" disabled={disabled || saving || !thresholdValid} onClick={() => void handleSave()}>
        {t('common.save')}
      </Button>
    </div>
  );
}
