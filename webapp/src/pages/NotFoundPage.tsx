import { makeStyles, Text, tokens } from '@fluentui/react-components';
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
  usePageTitle('Page not found');
  return (
    <section className={styles.root}>
      <h1 className={styles.title}>Page not found</h1>
      <Text>
        There is nothing at this address. <AppLink to="/">Go to your home page</AppLink>.
      </Text>
    </section>
  );
}
