import { makeStyles, mergeClasses, tokens } from '@fluentui/react-components';
import type { ReactElement } from 'react';
import { useHref, useLinkClickHandler, useMatch, useResolvedPath } from 'react-router-dom';

const useStyles = makeStyles({
  link: {
    display: 'inline-flex',
    alignItems: 'center',
    gap: tokens.spacingHorizontalXS,
    padding: `${tokens.spacingVerticalXS} ${tokens.spacingHorizontalXS}`,
    borderRadius: tokens.borderRadiusMedium,
    color: tokens.colorBrandForegroundLink,
    textDecoration: 'none',
    whiteSpace: 'nowrap',
    fontSize: '20px',
    ':hover': { color: tokens.colorBrandForegroundLinkHover, backgroundColor: tokens.colorSubtleBackgroundHover },
    ':focus-visible': { outline: `${tokens.strokeWidthThick} solid ${tokens.colorStrokeFocus2}` },
  },
  current: { color: tokens.colorNeutralForeground1, fontWeight: tokens.fontWeightSemibold },
  label: {
    fontSize: tokens.fontSizeBase300,
    // On a phone the icons stand alone (the link keeps its name for screen readers and as a tooltip).
    '@media (max-width: 600px)': { display: 'none' },
  },
});

interface HeaderLinkProps {
  to: string;
  label: string;
  icon: ReactElement;
  /** Whether sub-paths count as this page too (not for Home). */
  end?: boolean;
  testId?: string;
}

/** A link of the header's main navigation: icon and word, the word hidden on phones; marks the current page. */
export function HeaderLink({ to, label, icon, end = false, testId }: HeaderLinkProps) {
  const styles = useStyles();
  const href = useHref(to);
  const handleClick = useLinkClickHandler<HTMLAnchorElement>(to);
  const current = useMatch({ path: useResolvedPath(to).pathname, end }) !== null;
  return (
    <a
      href={href}
      onClick={handleClick}
      className={mergeClasses(styles.link, current && styles.current)}
      aria-current={current ? 'page' : undefined}
      aria-label={label}
      title={label}
      data-testid={testId}
    >
      {icon}
      <span className={styles.label} aria-hidden="true">
        {label}
      </span>
    </a>
  );
}
