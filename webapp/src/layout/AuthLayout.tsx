import { makeStyles, Text, tokens } from '@fluentui/react-components';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Logo } from '../brand/Logo';
import { usePublicConfig } from '../shell/usePublicConfig';
import { usePageTitle } from './usePageTitle';

const useStyles = makeStyles({
  root: {
    minHeight: '100vh',
    boxSizing: 'border-box',
    display: 'flex',
    flexDirection: 'column',
    alignItems: 'center',
    padding: `${tokens.spacingVerticalXXXL} ${tokens.spacingHorizontalL}`,
    backgroundColor: tokens.colorNeutralBackground2,
    backgroundImage: `radial-gradient(ellipse at top, ${tokens.colorBrandBackground2} 0%, transparent 60%)`,
    '@media (max-width: 480px)': {
      padding: `${tokens.spacingVerticalXL} ${tokens.spacingHorizontalM}`,
    },
  },
  logo: {
    display: 'inline-flex',
    marginBottom: tokens.spacingVerticalXXL,
    borderRadius: tokens.borderRadiusMedium,
    textDecoration: 'none',
    outlineOffset: '2px',
    ':focus-visible': {
      outline: `${tokens.strokeWidthThick} solid ${tokens.colorStrokeFocus2}`,
    },
  },
  card: {
    width: '100%',
    maxWidth: '420px',
    boxSizing: 'border-box',
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalL,
    padding: `${tokens.spacingVerticalXXL} ${tokens.spacingHorizontalXXL}`,
    backgroundColor: tokens.colorNeutralBackground1,
    borderRadius: tokens.borderRadiusXLarge,
    boxShadow: tokens.shadow8,
    '@media (max-width: 480px)': {
      padding: `${tokens.spacingVerticalXL} ${tokens.spacingHorizontalL}`,
    },
  },
  heading: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalXS,
  },
  title: {
    margin: 0,
    fontSize: tokens.fontSizeBase600,
    lineHeight: tokens.lineHeightBase600,
    fontWeight: tokens.fontWeightSemibold,
    color: tokens.colorNeutralForeground1,
  },
  subtitle: {
    color: tokens.colorNeutralForeground2,
  },
  footer: {
    marginTop: tokens.spacingVerticalXL,
    color: tokens.colorNeutralForeground2,
    textAlign: 'center',
  },
});

interface AuthLayoutProps {
  title: string;
  subtitle?: ReactNode;
  /** Below the card, e.g. "New to Intellio? Create an account". */
  footer?: ReactNode;
  children: ReactNode;
}

/** The frame of the signed-out pages: logo, one centred card, an optional line below it. */
export function AuthLayout({ title, subtitle, footer, children }: AuthLayoutProps) {
  const styles = useStyles();
  const config = usePublicConfig();
  const { t } = useTranslation();
  usePageTitle(title);
  return (
    <div className={styles.root}>
      {/* The logo links to the company site (COMPANY_URL) signed out too; until the config arrives it is plain. */}
      {config ? (
        <a className={styles.logo} href={config.companyUrl} target="_blank" rel="noopener" data-testid="logo-link" aria-label={t('onboarding.companySite')}>
          <Logo size="large" />
        </a>
      ) : (
        <Logo size="large" className={styles.logo} />
      )}
      <main className={styles.card}>
        <div className={styles.heading}>
          <h1 className={styles.title}>{title}</h1>
          {subtitle && <Text className={styles.subtitle}>{subtitle}</Text>}
        </div>
        {children}
      </main>
      {footer && <Text className={styles.footer}>{footer}</Text>}
    </div>
  );
}
