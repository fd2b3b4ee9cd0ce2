import { MessageBar, MessageBarBody, Radio, RadioGroup } from '@fluentui/react-components';
import type { User } from '@intellio/api-client';
import { LANGUAGE_NAMES, LANGUAGES, toLanguage } from '@intellio/i18n';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { FormError } from '../forms/FormError';
import { SubmitButton } from '../forms/SubmitButton';
import { useFormStyles } from '../forms/useFormStyles';
import { useFormSubmit } from '../forms/useFormSubmit';
import { useSaveLanguage } from '../i18n/useAccountLanguage';
import { SettingsCard } from './SettingsCard';

const AUTO = 'auto';
const FIELDS = ['language'] as const;

interface LanguageFormProps {
  user: User;
}

/** The account's interface language, kept on the account so every device and browser shows it. */
export function LanguageForm({ user }: LanguageFormProps) {
  const styles = useFormStyles();
  const { t } = useTranslation();
  const saveLanguage = useSaveLanguage();
  const [choice, setChoice] = useState<string>(user.language ?? AUTO);
  const [saved, setSaved] = useState(false);
  const form = useFormSubmit(FIELDS);

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setSaved(false);
    setSaved(await form.submit(() => saveLanguage(toLanguage(choice))));
  }

  return (
    <SettingsCard id="settings-language" title={t('accountPage.language.title')} description={t('accountPage.language.description')}>
      {saved && (
        <MessageBar intent="success" data-testid="language-saved">
          <MessageBarBody>{t('accountPage.language.saved')}</MessageBarBody>
        </MessageBar>
      )}
      <FormError message={form.formError} />
      <form className={styles.form} onSubmit={(e) => void handleSubmit(e)} noValidate aria-label={t('accountPage.language.formLabel')}>
        <RadioGroup
          value={choice}
          onChange={(_, d) => {
            setChoice(d.value);
            setSaved(false);
          }}
          aria-label={t('accountPage.language.formLabel')}
          data-testid="language-choice"
        >
          <Radio value={AUTO} label={t('accountPage.language.auto')} />
          {LANGUAGES.map((language) => (
            // Each language named in itself, marked as such for screen readers and fonts.
            <Radio key={language} value={language} label={{ children: LANGUAGE_NAMES[language], lang: language }} />
          ))}
        </RadioGroup>
        <div className={styles.actions}>
          <SubmitButton submitting={form.submitting}>{t('accountPage.language.save')}</SubmitButton>
        </div>
      </form>
    </SettingsCard>
  );
}
