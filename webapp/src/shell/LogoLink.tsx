import { makeStyles, tokens } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import { Logo } from '../brand/Logo';
import { usePublicConfig } from './usePublicConfig';

const useStyles = makeStyles({
  link: {
    display: 'inline-flex',
    borderRadius: tokens.borderRadiusMedium,
    textDecoration: 'none',
    outlineOffset: '2px',
    ':focus-visible': {
      outline: `${tokens.strokeWidthThick} solid ${tokens.colorStrokeFocus2}`,
    },
  },
});

/** The logo, linking to the company site configured on the server (COMPANY_URL) in a new tab. */
export function LogoLink() {
  const styles = useStyles();
  const config = usePublicConfig();
  const { t } = useTranslation();
  // Until the configuration arrives the logo is not a link, rather than a link to a guessed address.
  if (!config) return <Logo compact />;
  return (
    <a
      className={styles.link}
      href={config.companyUrl}
      target="_blank"
      rel="noopener"
      data-testid="logo-link"
      aria-label={t('shell.companySite')}
    >
      <Logo compact />
    </a>
  );
}
