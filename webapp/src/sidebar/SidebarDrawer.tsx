import { Button, DrawerBody, DrawerHeader, DrawerHeaderTitle, makeStyles, OverlayDrawer } from '@fluentui/react-components';
import { DismissRegular } from '@fluentui/react-icons';
import { useTranslation } from 'react-i18next';
import { Sidebar } from './Sidebar';
import { useSidebarDrawer } from './SidebarDrawerContext';

const useStyles = makeStyles({
  body: { padding: 0 },
});

/**
 * The category sidebar where it fits: a column beside the page on wider screens, an overlay drawer on phones
 * (opened by SidebarToggle), so a phone opens on the page instead of the whole category list.
 */
export function SidebarDrawer() {
  const styles = useStyles();
  const { t } = useTranslation();
  const { phone, open, setOpen } = useSidebarDrawer();
  if (!phone) return <Sidebar />;
  return (
    <OverlayDrawer id="sidebar-drawer" open={open} onOpenChange={(_, data) => setOpen(data.open)} size="small" data-testid="sidebar-drawer">
      <DrawerHeader>
        <DrawerHeaderTitle
          action={<Button appearance="subtle" aria-label={t('sidebar.closeDrawer')} icon={<DismissRegular />} onClick={() => setOpen(false)} />}
        >
          {t('sidebar.title')}
        </DrawerHeaderTitle>
      </DrawerHeader>
      <DrawerBody className={styles.body}>
        <Sidebar inDrawer />
      </DrawerBody>
    </OverlayDrawer>
  );
}
