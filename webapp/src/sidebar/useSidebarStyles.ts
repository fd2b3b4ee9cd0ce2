import { makeStyles, tokens } from '@fluentui/react-components';

/** Styles shared by the sidebar's rows (category headers and project links look alike on purpose). */
export const useSidebarStyles = makeStyles({
  row: {
    display: 'flex',
    alignItems: 'center',
    gap: tokens.spacingHorizontalXXS,
    minHeight: '32px',
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorNeutralBackground1,
  },
  handle: {
    minWidth: '24px',
    width: '24px',
    cursor: 'grab',
    touchAction: 'none',
    color: tokens.colorNeutralForeground3,
  },
  dragging: { opacity: 0.4 },
  overlay: {
    boxShadow: tokens.shadow16,
    cursor: 'grabbing',
    padding: `0 ${tokens.spacingHorizontalS}`,
  },
  grow: { flex: 1, minWidth: 0 },
});
