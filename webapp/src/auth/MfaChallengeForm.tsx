import { Button, Field, Input, type InputOnChangeData } from '@fluentui/react-components';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { FormError } from '../forms/FormError';
import { SubmitButton } from '../forms/SubmitButton';
import { useFormStyles } from '../forms/useFormStyles';
import { useFormSubmit } from '../forms/useFormSubmit';
import { useAuth } from './useAuth';

const FIELDS = ['code', 'recoveryCode'] as const;

interface MfaChallengeFormProps {
  mfaToken: string;
  /** Back to the password step (the challenge expires after five minutes). */
  onRestart(): void;
}

/** The second sign-in step: a code from the authenticator app, or one of the recovery codes. */
export function MfaChallengeForm({ mfaToken, onRestart }: MfaChallengeFormProps) {
  const styles = useFormStyles();
  const { completeMfa } = useAuth();
  const { t } = useTranslation();
  const [useRecovery, setUseRecovery] = useState(false);
  const [value, setValue] = useState('');
  const form = useFormSubmit(FIELDS);
  const field = useRecovery ? 'recoveryCode' : 'code';

  function handleChange(_: unknown, data: InputOnChangeData) {
    setValue(data.value);
    form.clearField(field);
  }

  function handleToggle() {
    setUseRecovery((current) => !current);
    setValue('');
    form.check({});
  }

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const entered = value.trim();
    const problem = useRecovery
      ? entered ? undefined : t('mfa.challenge.recoveryRequired')
      : /^\d{6}$/.test(entered.replace(/\s+/g, '')) ? undefined : t('mfa.settings.codeFormat');
    if (!form.check(problem ? { [field]: problem } : {})) return;
    await form.submit(async () => {
      // On success the session starts and GuestOnly sends the visitor on.
      await completeMfa(useRecovery ? { mfaToken, recoveryCode: entered } : { mfaToken, code: entered });
    });
  }

  return (
    <>
      <FormError message={form.formError} />
      <form className={styles.form} onSubmit={handleSubmit} noValidate aria-label={t('mfa.challenge.formLabel')}>
        <Field
          label={useRecovery ? t('mfa.challenge.recoveryCode') : t('mfa.challenge.code')}
          hint={useRecovery ? t('mfa.challenge.subtitleRecovery') : t('mfa.challenge.subtitle')}
          required
          validationMessage={form.fieldErrors[field]}
        >
          <Input
            key={field}
            name={field}
            autoComplete="one-time-code"
            inputMode={useRecovery ? 'text' : 'numeric'}
            value={value}
            onChange={handleChange}
            autoFocus
          />
        </Field>
        <SubmitButton submitting={form.submitting} block>
          {t('mfa.challenge.submit')}
        </SubmitButton>
        <div className={styles.row}>
          <Button appearance="transparent" onClick={handleToggle}>
            {useRecovery ? t('mfa.challenge.useCode') : t('mfa.challenge.useRecovery')}
          </Button>
          <Button appearance="transparent" onClick={onRestart}>
            {t('mfa.challenge.back')}
          </Button>
        </div>
      </form>
    </>
  );
}
