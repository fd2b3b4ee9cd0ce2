import {
  Avatar,
  Button,
  makeStyles,
  Menu,
  MenuDivider,
  MenuGroup,
  MenuGroupHeader,
  MenuItem,
  MenuItemRadio,
  MenuList,
  MenuPopover,
  MenuTrigger,
  tokens,
  type MenuProps,
} from '@fluentui/react-components';
import { DataUsageRegular, PaymentRegular, PersonRegular, ShieldPersonRegular, SignOutRegular } from '@fluentui/react-icons';
import type { User } from '@intellio/api-client';
import { LANGUAGE_NAMES, LANGUAGES, toLanguage } from '@intellio/i18n';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { useAuth } from '../auth/useAuth';
import { currentLanguage } from '../i18n';
import { useSaveLanguage } from '../i18n/useAccountLanguage';
import { useNotify } from '../notify/useNotify';

const useStyles = makeStyles({
  trigger: {
    minWidth: 'auto',
    maxWidth: '260px',
    gap: tokens.spacingHorizontalS,
    padding: `${tokens.spacingVerticalXXS} ${tokens.spacingHorizontalS} ${tokens.spacingVerticalXXS} ${tokens.spacingHorizontalXXS}`,
    '@media (max-width: 600px)': {
      padding: tokens.spacingVerticalXXS,
    },
  },
  name: {
    overflow: 'hidden',
    textOverflow: 'ellipsis',
    whiteSpace: 'nowrap',
    '@media (max-width: 600px)': {
      display: 'none',
    },
  },
  email: {
    display: 'block',
    overflow: 'hidden',
    textOverflow: 'ellipsis',
    whiteSpace: 'nowrap',
    maxWidth: '240px',
  },
});

interface UserMenuProps {
  user: User;
}

/** The signed-in user's avatar and name, opening Account and Sign out. */
export function UserMenu({ user }: UserMenuProps) {
  const styles = useStyles();
  const navigate = useNavigate();
  const { signOut } = useAuth();
  const { t } = useTranslation();
  const saveLanguage = useSaveLanguage();
  const notify = useNotify();

  function handleAccount() {
    navigate('/account');
  }

  const handleLanguage: MenuProps['onCheckedValueChange'] = (_, { name, checkedItems }) => {
    const language = toLanguage(checkedItems[0]);
    if (name !== 'language' || !language) return;
    // The screen switches at once; the account keeps the choice for every other device and browser.
    saveLanguage(language).catch((err: unknown) => notify('error', t('accountPage.language.saveFailed'), err instanceof Error ? err.message : undefined));
  };

  async function handleSignOut() {
    await signOut();
    navigate('/login', { replace: true });
  }

  return (
    <Menu positioning="below-end" checkedValues={{ language: [currentLanguage()] }} onCheckedValueChange={handleLanguage}>
      <MenuTrigger disableButtonEnhancement>
        <Button
          appearance="subtle"
          className={styles.trigger}
          data-testid="user-menu"
          aria-label={t('userMenu.trigger', { name: user.name })}
        >
          <Avatar name={user.name} size={28} color="brand" />
          <span className={styles.name}>{user.name}</span>
        </Button>
      </MenuTrigger>
      <MenuPopover>
        <MenuList>
          <MenuGroup>
            <MenuGroupHeader>
              <span className={styles.email} title={user.email}>
                {user.email}
              </span>
            </MenuGroupHeader>
            <MenuItem icon={<PersonRegular />} onClick={handleAccount} data-testid="account">
              {t('userMenu.account')}
            </MenuItem>
            <MenuItem icon={<PaymentRegular />} onClick={() => navigate('/billing')} data-testid="billing">
              {t('userMenu.billing')}
            </MenuItem>
            <MenuItem icon={<DataUsageRegular />} onClick={() => navigate('/usage')} data-testid="usage">
              {t('userMenu.usage')}
            </MenuItem>
            {user.role === 'admin' && (
              <MenuItem icon={<ShieldPersonRegular />} onClick={() => navigate('/admin')} data-testid="admin">
                {t('userMenu.admin')}
              </MenuItem>
            )}
          </MenuGroup>
          <MenuDivider />
          <MenuGroup>
            <MenuGroupHeader>{t('language.label')}</MenuGroupHeader>
            {LANGUAGES.map((language) => (
              <MenuItemRadio key={language} name="language" value={language} lang={language} data-testid={`language-${language}`}>
                {LANGUAGE_NAMES[language]}
              </MenuItemRadio>
            ))}
          </MenuGroup>
          <MenuDivider />
          <MenuItem icon={<SignOutRegular />} onClick={handleSignOut} data-testid="logout">
            {t('userMenu.signOut')}
          </MenuItem>
        </MenuList>
      </MenuPopover>
    </Menu>
  );
}
