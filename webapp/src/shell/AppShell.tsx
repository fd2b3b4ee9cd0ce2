import { makeStyles, Toaster, tokens } from '@fluentui/react-components';
import { Outlet } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../auth/useAuth';
import { useAccountLanguage } from '../i18n/useAccountLanguage';
import { TOASTER_ID } from '../notify/toasterId';
import { SidebarDrawer } from '../sidebar/SidebarDrawer';
import { SidebarToggle } from '../sidebar/SidebarToggle';
import { TreeProvider } from '../sidebar/TreeProvider';
import { AppHeader } from './AppHeader';
import { VerifyEmailBanner } from './VerifyEmailBanner';

const useStyles = makeStyles({
  root: {
    minHeight: '100vh',
    display: 'flex',
    flexDirection: 'column',
    backgroundColor: tokens.colorNeutralBackground2,
  },
  skip: {
    position: 'absolute',
    left: '-10000px',
    top: 'auto',
    ':focus': {
      left: tokens.spacingHorizontalM,
      top: tokens.spacingVerticalM,
      zIndex: 1,
      padding: tokens.spacingHorizontalS,
      backgroundColor: tokens.colorNeutralBackground1,
    },
  },
  banner: {
    padding: `${tokens.spacingVerticalM} ${tokens.spacingHorizontalXL} 0`,
    '@media (max-width: 600px)': {
      padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalM} 0`,
    },
  },
  body: {
    flex: 1,
    display: 'flex',
    minHeight: 0,
    '@media (max-width: 600px)': {
      flexDirection: 'column',
    },
  },
  main: {
    flex: 1,
    minWidth: 0,
    padding: `${tokens.spacingVerticalXXL} ${tokens.spacingHorizontalXL}`,
    '@media (max-width: 600px)': {
      padding: `${tokens.spacingVerticalL} ${tokens.spacingHorizontalM}`,
    },
  },
});

/**
 * The signed-in frame: header, account banners, then the page. `body` is a row so the category sidebar can
 * sit next to `main` without reshaping the pages inside it.
 */
export function AppShell() {
  const styles = useStyles();
  const { user } = useAuth();
  const { t } = useTranslation();
  useAccountLanguage();
  if (!user) return null;
  return (
    <TreeProvider>
      <div className={styles.root} data-testid="app-shell">
        <a className={styles.skip} href="#main">
          {t('shell.skipToContent')}
        </a>
        <AppHeader user={user} />
        <SidebarToggle />
        {!user.emailVerified && (
          <div className={styles.banner}>
            <VerifyEmailBanner user={user} />
          </div>
        )}
        <div className={styles.body}>
          <SidebarDrawer />
          <main id="main" className={styles.main} tabIndex={-1}>
            <Outlet />
          </main>
        </div>
        <Toaster toasterId={TOASTER_ID} position="bottom-end" pauseOnHover />
      </div>
    </TreeProvider>
  );
}
