import { Button, makeStyles, tokens } from '@fluentui/react-components';
import { NavigationRegular } from '@fluentui/react-icons';
import { useTranslation } from 'react-i18next';
import { useSidebarDrawer } from './SidebarDrawerContext';

const useStyles = makeStyles({
  bar: {
    display: 'flex',
    alignItems: 'center',
    padding: `${tokens.spacingVerticalXS} ${tokens.spacingHorizontalM}`,
    backgroundColor: tokens.colorNeutralBackground1,
    borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
  },
});

/** The "Projects" menu button that opens the sidebar drawer; renders nothing above phone width. */
export function SidebarToggle() {
  const styles = useStyles();
  const { t } = useTranslation();
  const { phone, open, setOpen } = useSidebarDrawer();
  if (!phone) return null;
  return (
    <div className={styles.bar}>
      <Button
        appearance="subtle"
        icon={<NavigationRegular />}
        aria-expanded={open}
        aria-controls="sidebar-drawer"
        onClick={() => setOpen(true)}
        data-testid="sidebar-toggle"
      >
        {t('sidebar.openDrawer')}
      </Button>
    </div>
  );
}
