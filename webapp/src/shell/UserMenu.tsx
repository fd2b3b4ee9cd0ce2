import {
  Avatar,
  Button,
  makeStyles,
  Menu,
  MenuDivider,
  MenuGroup,
  MenuGroupHeader,
  MenuItem,
  MenuList,
  MenuPopover,
  MenuTrigger,
  tokens,
} from '@fluentui/react-components';
import { DataUsageRegular, PaymentRegular, PersonRegular, ShieldPersonRegular, SignOutRegular } from '@fluentui/react-icons';
import type { User } from '@intellio/api-client';
import { useNavigate } from 'react-router-dom';
import { useAuth } from '../auth/useAuth';

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

  function handleAccount() {
    navigate('/account');
  }

  async function handleSignOut() {
    await signOut();
    navigate('/login', { replace: true });
  }

  return (
    <Menu positioning="below-end">
      <MenuTrigger disableButtonEnhancement>
        <Button
          appearance="subtle"
          className={styles.trigger}
          data-testid="user-menu"
          aria-label={`Account menu for ${user.name}`}
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
              Account
            </MenuItem>
            <MenuItem icon={<PaymentRegular />} onClick={() => navigate('/billing')} data-testid="billing">
              Billing
            </MenuItem>
            <MenuItem icon={<DataUsageRegular />} onClick={() => navigate('/usage')} data-testid="usage">
              Usage
            </MenuItem>
            {user.role === 'admin' && (
              <MenuItem icon={<ShieldPersonRegular />} onClick={() => navigate('/admin')} data-testid="admin">
                Admin
              </MenuItem>
            )}
          </MenuGroup>
          <MenuDivider />
          <MenuItem icon={<SignOutRegular />} onClick={handleSignOut} data-testid="logout">
            Sign out
          </MenuItem>
        </MenuList>
      </MenuPopover>
    </Menu>
  );
}
