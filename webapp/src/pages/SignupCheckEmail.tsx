import { Button, makeStyles, MessageBar, MessageBarBody, Text, tokens } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import { AppLink } from '../layout/AppLink';

const useStyles = makeStyles({
  root: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalM,
  },
  address: {
    // Long addresses have no spaces: let them break instead of pushing the card sideways on phones.
    overflowWrap: 'anywhere',
  },
  actions: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: tokens.spacingHorizontalL,
  },
});

interface SignupCheckEmailProps {
  email: string;
  /** Back to the form, to sign up with another address. */
  onUseAnother(): void;
}

/**
 * After a sign-up: the same words whether the address was new or had an account (issue 26 L2), since the
 * server answers both alike. The mail says which, and its link signs the new account in.
 */
export function SignupCheckEmail({ email, onUseAnother }: SignupCheckEmailProps) {
  const styles = useStyles();
  const { t } = useTranslation();
  return (
    <div className={styles.root} data-testid="signup-check-email">
      <MessageBar intent="success" layout="multiline">
        <MessageBarBody className={styles.address}>
          {t('onboarding.checkEmailBody', { email })}
        </MessageBarBody>
      </MessageBar>
      <Text>{t('onboarding.checkEmailHasAccount')}</Text>
      <Text>{t('onboarding.checkEmailNothing')}</Text>
      <div className={styles.actions}>
        <Button appearance="secondary" onClick={onUseAnother}>
          {t('onboarding.checkEmailOther')}
        </Button>
        <AppLink to="/login">{t('onboarding.checkEmailSignIn')}</AppLink>
      </div>
    </div>
  );
}
