import { makeStyles, Text, tokens } from '@fluentui/react-components';
import { Trans, useTranslation } from 'react-i18next';
import { AppLink } from '../layout/AppLink';
import { usePageTitle } from '../layout/usePageTitle';

const useStyles = makeStyles({
  root: {
    maxWidth: '560px',
    margin: '0 auto',
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalM,
  },
  title: {
    margin: 0,
    fontSize: tokens.fontSizeBase600,
    fontWeight: tokens.fontWeightSemibold,
  },
});

/** An unknown address inside the app. */
export function NotFoundPage() {
  const styles = useStyles();
  const { t } = useTranslation();
  usePageTitle(t('notFound.title'));
  return (
    <section className={styles.root}>
      <h1 className={styles.title}>{t('notFound.title')}</h1>
      <Text>
        <Trans i18nKey="notFound.body" components={{ link: <AppLink to="/">{null}</AppLink> }} />
      </Text>
    </section>
  );
}
