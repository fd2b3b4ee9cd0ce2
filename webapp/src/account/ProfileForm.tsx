import {
  Badge,
  Caption1,
  Field,
  Input,
  Label,
  Link,
  makeStyles,
  MessageBar,
  MessageBarBody,
  Text,
  tokens,
  useId,
  type InputOnChangeData,
} from '@fluentui/react-components';
import type { User } from '@intellio/api-client';
import { useState, type FormEvent } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { api } from '../api';
import { useAuth } from '../auth/useAuth';
import { FormError } from '../forms/FormError';
import { SubmitButton } from '../forms/SubmitButton';
import { useFormStyles } from '../forms/useFormStyles';
import { useFormSubmit } from '../forms/useFormSubmit';
import { compact, requireText } from '../forms/validators';
import { usePublicConfig } from '../shell/usePublicConfig';
import { SettingsCard } from './SettingsCard';

const FIELDS = ['name'] as const;

const useStyles = makeStyles({
  email: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalXXS,
  },
  emailValue: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: tokens.spacingHorizontalS,
  },
  address: {
    overflowWrap: 'anywhere',
  },
  hint: {
    color: tokens.colorNeutralForeground3,
  },
});

interface ProfileFormProps {
  user: User;
}

/** Name (editable) and email (shown with its confirmation state). */
export function ProfileForm({ user }: ProfileFormProps) {
  const styles = useFormStyles();
  const local = useStyles();
  const emailLabelId = useId('email-label');
  const { updateUser } = useAuth();
  const { t } = useTranslation();
  const config = usePublicConfig();
  const supportEmail = config?.supportEmail ?? null;
  const [name, setName] = useState(user.name);
  const [saved, setSaved] = useState(false);
  const form = useFormSubmit(FIELDS);

  function handleNameChange(_: unknown, data: InputOnChangeData) {
    setName(data.value);
    setSaved(false);
    form.clearField('name');
  }

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setSaved(false);
    if (!form.check(compact({ name: requireText(name, t('accountPage.profile.name')) }))) return;
    const done = await form.submit(async () => {
      updateUser(await api.auth.updateMe({ name: name.trim() }));
    });
    setSaved(done);
  }

  return (
    <SettingsCard id="settings-profile" title={t('accountPage.profile.title')} description={t('accountPage.profile.description')}>
      {saved && (
        <MessageBar intent="success" data-testid="profile-saved">
          <MessageBarBody>{t('accountPage.profile.saved')}</MessageBarBody>
        </MessageBar>
      )}
      <FormError message={form.formError} />
      <form className={styles.form} onSubmit={handleSubmit} noValidate aria-label={t('accountPage.profile.formLabel')}>
        <Field label={t('accountPage.profile.name')} required validationMessage={form.fieldErrors.name}>
          <Input name="name" autoComplete="name" value={name} onChange={handleNameChange} />
        </Field>
        <div className={local.email}>
          <Label id={emailLabelId}>{t('accountPage.profile.email')}</Label>
          <div className={local.emailValue} aria-labelledby={emailLabelId} role="group">
            <Text className={local.address}>{user.email}</Text>
            {user.emailVerified ? (
              <Badge appearance="tint" color="success">
                {t('accountPage.profile.confirmed')}
              </Badge>
            ) : (
              <Badge appearance="tint" color="warning">
                {t('accountPage.profile.notConfirmed')}
              </Badge>
            )}
          </div>
          <Caption1 className={local.hint}>
            {supportEmail ? (
              <Trans i18nKey="accountPage.profile.otherAddressAt" values={{ email: supportEmail }} components={{ link: <Link href={`mailto:${supportEmail}`} /> }} />
            ) : (
              t('accountPage.profile.otherAddress')
            )}
          </Caption1>
        </div>
        <div className={styles.actions}>
          <SubmitButton submitting={form.submitting}>{t('accountPage.profile.save')}</SubmitButton>
        </div>
      </form>
    </SettingsCard>
  );
}
