import { makeStyles, tokens } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import { LanguageForm } from '../account/LanguageForm';
import { MfaSettings } from '../account/MfaSettings';
import { PasswordForm } from '../account/PasswordForm';
import { ProfileForm } from '../account/ProfileForm';
import { useAuth } from '../auth/useAuth';
import { usePageTitle } from '../layout/usePageTitle';

const useStyles = makeStyles({
  root: {
    maxWidth: '640px',
    margin: '0 auto',
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalXL,
  },
  title: {
    margin: 0,
    fontSize: tokens.fontSizeBase600,
    lineHeight: tokens.lineHeightBase600,
    fontWeight: tokens.fontWeightSemibold,
  },
});

/** The signed-in user's settings: profile, language and password. */
export function AccountPage() {
  const styles = useStyles();
  const { user } = useAuth();
  const { t } = useTranslation();
  usePageTitle(t('accountPage.title'));
  if (!user) return null;
  return (
    <div className={styles.root}>
      <h1 className={styles.title}>{t('accountPage.title')}</h1>
      <ProfileForm user={user} />
      <LanguageForm user={user} />
      <PasswordForm user={user} />
      <MfaSettings user={user} />
    </div>
  );
}
