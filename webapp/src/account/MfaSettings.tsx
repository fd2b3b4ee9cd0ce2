import { Button, Field, Input, makeStyles, MessageBar, MessageBarBody, Text, tokens, type InputOnChangeData } from '@fluentui/react-components';
import type { MfaSetupResponse, User } from '@intellio/api-client';
import QRCode from 'qrcode';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api';
import { useAuth } from '../auth/useAuth';
import { FormError } from '../forms/FormError';
import { PasswordInput } from '../forms/PasswordInput';
import { SubmitButton } from '../forms/SubmitButton';
import { useFormStyles } from '../forms/useFormStyles';
import { useFormSubmit } from '../forms/useFormSubmit';
import { compact } from '../forms/validators';
import { SettingsCard } from './SettingsCard';

const useStyles = makeStyles({
  qr: {
    width: '200px',
    height: '200px',
    alignSelf: 'flex-start',
    borderRadius: tokens.borderRadiusMedium,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
  },
  secret: {
    fontFamily: tokens.fontFamilyMonospace,
    wordBreak: 'break-all',
    userSelect: 'all',
  },
  codes: {
    margin: 0,
    padding: tokens.spacingHorizontalM,
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fill, minmax(240px, 1fr))',
    gap: tokens.spacingVerticalXS,
    listStyle: 'none',
    fontFamily: tokens.fontFamilyMonospace,
    backgroundColor: tokens.colorNeutralBackground3,
    borderRadius: tokens.borderRadiusMedium,
  },
});

const SETUP_FIELDS = ['code'] as const;
const ENABLE_FIELDS = ['password', 'code'] as const;
const DISABLE_FIELDS = ['password', 'code'] as const;
const CODES_FILE = 'intellio-recovery-codes.txt';

interface Setup extends MfaSetupResponse {
  qrDataUrl: string;
}

interface MfaSettingsProps {
  user: User;
  /** Called once MFA is on and the recovery codes were acknowledged (the admin setup page moves on). */
  onEnabled?(): void;
}

/**
 * Two-step sign-in on the account page: set up with a QR code (or the key typed by hand), confirm with the
 * password and a code, see the recovery codes once (copy or download), and turn it off with the password and a code.
 */
export function MfaSettings({ user, onEnabled }: MfaSettingsProps) {
  const styles = useStyles();
  const formStyles = useFormStyles();
  const { updateUser } = useAuth();
  const { t } = useTranslation();
  const [setup, setSetup] = useState<Setup | null>(null);
  const [recoveryCodes, setRecoveryCodes] = useState<string[] | null>(null);
  const [code, setCode] = useState('');
  const [password, setPassword] = useState('');
  const [notice, setNotice] = useState<string | null>(null);
  const [copied, setCopied] = useState(false);
  const start = useFormSubmit(SETUP_FIELDS);
  const confirm = useFormSubmit(ENABLE_FIELDS);
  const disable = useFormSubmit(DISABLE_FIELDS);

  async function handleStart() {
    setNotice(null);
    await start.submit(async () => {
      const res = await api.auth.mfa.setup();
      setSetup({ ...res, qrDataUrl: await QRCode.toDataURL(res.otpauthUrl, { margin: 1, width: 200 }) });
      setCode('');
      setPassword('');
    });
  }

  function handleCodeChange(_: unknown, data: InputOnChangeData) {
    setCode(data.value);
    confirm.clearField('code');
    disable.clearField('code');
  }

  function handlePasswordChange(_: unknown, data: InputOnChangeData) {
    setPassword(data.value);
    confirm.clearField('password');
    disable.clearField('password');
  }

  async function handleEnable(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const errors = compact({
      password: password ? undefined : t('mfa.settings.passwordRequired'),
      code: /^\d{6}$/.test(code.replace(/\s+/g, '')) ? undefined : t('mfa.settings.codeFormat'),
    });
    if (!confirm.check(errors)) return;
    await confirm.submit(async () => {
      // The password too: a stolen session alone must not put its own authenticator on the account.
      const { recoveryCodes: codes } = await api.auth.mfa.enable(password, code.replace(/\s+/g, ''));
      setRecoveryCodes(codes);
      setSetup(null);
      setCode('');
      setPassword('');
      updateUser(await api.auth.me());
    });
  }

  function handleCancel() {
    setSetup(null);
    setCode('');
    setPassword('');
    confirm.check({});
  }

  async function handleCopy() {
    if (!recoveryCodes) return;
    await navigator.clipboard.writeText(recoveryCodes.join('\n'));
    setCopied(true);
  }

  function handleDownload() {
    if (!recoveryCodes) return;
    const url = URL.createObjectURL(new Blob([`${recoveryCodes.join('\n')}\n`], { type: 'text/plain' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = CODES_FILE;
    link.click();
    URL.revokeObjectURL(url);
  }

  function handleCodesSaved() {
    setRecoveryCodes(null);
    setCopied(false);
    setNotice(t('mfa.settings.enabled'));
    onEnabled?.();
  }

  async function handleDisable(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setNotice(null);
    const errors = compact({
      password: password ? undefined : t('mfa.settings.passwordRequired'),
      code: code.trim() ? undefined : t('mfa.settings.disableCodeRequired'),
    });
    if (!disable.check(errors)) return;
    const done = await disable.submit(async () => {
      await api.auth.mfa.disable(password, code.trim());
      updateUser(await api.auth.me());
    });
    if (!done) return;
    setPassword('');
    setCode('');
    setNotice(t('mfa.settings.disabled'));
  }

  const description = user.mfaEnabled ? t('mfa.settings.descriptionOn') : t('mfa.settings.descriptionOff');

  return (
    <SettingsCard id="settings-mfa" title={t('mfa.settings.title')} description={description}>
      {notice && (
        <MessageBar intent="success" data-testid="mfa-notice">
          <MessageBarBody>{notice}</MessageBarBody>
        </MessageBar>
      )}

      {recoveryCodes ? (
        <div className={formStyles.form} data-testid="mfa-recovery-codes">
          <Text weight="semibold">{t('mfa.settings.codesTitle')}</Text>
          <Text>{t('mfa.settings.codesIntro')}</Text>
          <ul className={styles.codes}>
            {recoveryCodes.map((c) => (
              <li key={c}>{c}</li>
            ))}
          </ul>
          <div className={formStyles.actions}>
            <Button onClick={handleCopy}>{t('mfa.settings.copy')}</Button>
            <Button onClick={handleDownload}>{t('mfa.settings.download')}</Button>
            <Button appearance="primary" onClick={handleCodesSaved}>
              {t('mfa.settings.done')}
            </Button>
            {copied && <Text role="status">{t('mfa.settings.copied')}</Text>}
          </div>
        </div>
      ) : user.mfaEnabled ? (
        <>
          <FormError message={disable.formError} />
          <form className={formStyles.form} onSubmit={handleDisable} noValidate aria-label={t('mfa.settings.disableFormLabel')}>
            <input type="text" name="username" autoComplete="username" value={user.email} readOnly hidden />
            <Field label={t('mfa.settings.password')} required validationMessage={disable.fieldErrors.password}>
              <PasswordInput name="mfaPassword" autoComplete="current-password" value={password} onChange={handlePasswordChange} />
            </Field>
            <Field label={t('mfa.settings.disableCode')} required validationMessage={disable.fieldErrors.code}>
              <Input name="mfaDisableCode" autoComplete="one-time-code" value={code} onChange={handleCodeChange} />
            </Field>
            <div className={formStyles.actions}>
              <SubmitButton submitting={disable.submitting}>{t('mfa.settings.disable')}</SubmitButton>
            </div>
          </form>
        </>
      ) : setup ? (
        <>
          <Text>{t('mfa.settings.scan')}</Text>
          <img className={styles.qr} src={setup.qrDataUrl} alt={t('mfa.settings.qrAlt')} data-testid="mfa-qr" />
          <Text>{t('mfa.settings.manual')}</Text>
          <Text className={styles.secret} data-testid="mfa-secret">
            {setup.secret}
          </Text>
          <FormError message={confirm.formError} />
          <form className={formStyles.form} onSubmit={handleEnable} noValidate aria-label={t('mfa.settings.enableFormLabel')}>
            <input type="text" name="username" autoComplete="username" value={user.email} readOnly hidden />
            <Field label={t('mfa.settings.password')} required validationMessage={confirm.fieldErrors.password}>
              <PasswordInput name="mfaPassword" autoComplete="current-password" value={password} onChange={handlePasswordChange} />
            </Field>
            <Field label={t('mfa.settings.code')} hint={t('mfa.settings.codeHint')} required validationMessage={confirm.fieldErrors.code}>
              <Input name="mfaCode" autoComplete="one-time-code" inputMode="numeric" value={code} onChange={handleCodeChange} />
            </Field>
            <div className={formStyles.actions}>
              <SubmitButton submitting={confirm.submitting}>{t('mfa.settings.enable')}</SubmitButton>
              <Button onClick={handleCancel}>{t('mfa.settings.cancel')}</Button>
            </div>
          </form>
        </>
      ) : (
        <>
          <FormError message={start.formError} />
          <div className={formStyles.actions}>
            <Button appearance="primary" onClick={handleStart} disabled={start.submitting}>
              {t('mfa.settings.start')}
            </Button>
          </div>
        </>
      )}
    </SettingsCard>
  );
}
