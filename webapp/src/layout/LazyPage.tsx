import { Spinner, makeStyles, tokens } from '@fluentui/react-components';
import { Suspense, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

const useStyles = makeStyles({
  root: {
    display: 'flex',
    justifyContent: 'center',
    padding: tokens.spacingVerticalXXXL,
  },
});

interface LazyPageProps {
  children: ReactNode;
}

/**
 * Holds a page whose code is loaded on first visit (admin, billing): a spinner in the page area while its
 * chunk arrives, so the first load of the app does not carry code most visits never run.
 */
export function LazyPage({ children }: LazyPageProps) {
  const styles = useStyles();
  const { t } = useTranslation();
  return (
    <Suspense
      fallback={
        <div className={styles.root} data-testid="page-loading">
          <Spinner label={t('onboarding.loadingPage')} />
        </div>
      }
    >
      {children}
    </Suspense>
  );
}
