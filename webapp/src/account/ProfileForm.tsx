import {
  Badge,
  Caption1,
  Field,
  Input,
  Label,
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
import { api } from '../api';
import { useAuth } from '../auth/useAuth';
import { FormError } from '../forms/FormError';
import { SubmitButton } from '../forms/SubmitButton';
import { useFormStyles } from '../forms/useFormStyles';
import { useFormSubmit } from '../forms/useFormSubmit';
import { compact, requireText } from '../forms/validators';
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
    if (!form.check(compact({ name: requireText(name, 'name') }))) return;
    const done = await form.submit(async () => {
      updateUser(await api.auth.updateMe({ name: name.trim() }));
    });
    setSaved(done);
  }

  return (
    <SettingsCard title="Profile" description="The name Intellio uses for you across the app.">
      {saved && (
        <MessageBar intent="success" data-testid="profile-saved">
          <MessageBarBody>Your name was saved.</MessageBarBody>
        </MessageBar>
      )}
      <FormError message={form.formError} />
      <form className={styles.form} onSubmit={handleSubmit} noValidate aria-label="Profile">
        <Field label="Name" required validationMessage={form.fieldErrors.name}>
          <Input name="name" autoComplete="name" value={name} onChange={handleNameChange} />
        </Field>
        <div className={local.email}>
          <Label id={emailLabelId}>Email</Label>
          <div className={local.emailValue} aria-labelledby={emailLabelId} role="group">
            <Text className={local.address}>{user.email}</Text>
            {user.emailVerified ? (
              <Badge appearance="tint" color="success">
                Confirmed
              </Badge>
            ) : (
              <Badge appearance="tint" color="warning">
                Not confirmed
              </Badge>
            )}
          </div>
          <Caption1 className={local.hint}>To use another address, contact support.</Caption1>
        </div>
        <div className={styles.actions}>
          <SubmitButton submitting={form.submitting}>Save profile</SubmitButton>
        </div>
      </form>
    </SettingsCard>
  );
}
