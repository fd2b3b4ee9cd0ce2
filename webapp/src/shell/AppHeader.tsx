import { makeStyles, tokens } from '@fluentui/react-components';
import type { User } from '@intellio/api-client';
import { AppsAddInRegular, DocumentTextRegular, HomeRegular } from '@fluentui/react-icons';
import { useTranslation } from 'react-i18next';
import { BalanceBadge } from '../billing/BalanceBadge';
import { HeaderLink } from './HeaderLink';
import { LogoLink } from './LogoLink';
import { UserMenu } from './UserMenu';

const useStyles = makeStyles({
  root: {
    display: 'flex',
    alignItems: 'center',
    gap: tokens.spacingHorizontalL,
    height: '56px',
    padding: `0 ${tokens.spacingHorizontalXL}`,
    backgroundColor: tokens.colorNeutralBackground1,
    borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    '@media (max-width: 600px)': {
      padding: `0 ${tokens.spacingHorizontalM}`,
      gap: tokens.spacingHorizontalS,
    },
  },
  nav: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalM, '@media (max-width: 600px)': { gap: tokens.spacingHorizontalXXS } },
  live: {
    flex: 1,
    minWidth: 0,
    display: 'flex',
    alignItems: 'center',
    justifyContent: 'flex-end',
    gap: tokens.spacingHorizontalM,
  },
});

interface AppHeaderProps {
  user: User;
}

/**
 * Top bar: logo (to the company site), the main links (Home, so there is always a way back, templates and
 * add-ins), a live area for status that later features publish (token balance, running analyses — announced
 * politely to screen readers), and the user menu.
 */
export function AppHeader({ user }: AppHeaderProps) {
  const styles = useStyles();
  const { t } = useTranslation();
  return (
    <header className={styles.root}>
      <LogoLink />
      <nav aria-label={t('shell.mainNav')} className={styles.nav}>
        <HeaderLink to="/" end label={t('header.home')} icon={<HomeRegular />} testId="nav-home" />
        <HeaderLink to="/templates" label={t('shell.templates')} icon={<DocumentTextRegular />} testId="nav-templates" />
        <HeaderLink to="/addins" label={t('shell.addins')} icon={<AppsAddInRegular />} testId="nav-addins" />
      </nav>
      <div className={styles.live} aria-live="polite" data-testid="header-live">
        <BalanceBadge />
      </div>
      <UserMenu user={user} />
    </header>
  );
}
