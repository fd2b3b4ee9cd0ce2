import { Link } from '@fluentui/react-components';
import type { MouseEvent, ReactNode } from 'react';
import { useHref, useLinkClickHandler, type To } from 'react-router-dom';

interface AppLinkProps {
  to: To;
  children: ReactNode;
  /** Router state for the next page (e.g. where to go after signing in). */
  state?: unknown;
  replace?: boolean;
  className?: string;
}

/** A Fluent Link that navigates inside the app (real href, so open-in-new-tab still works). */
export function AppLink({ to, children, state, replace, className }: AppLinkProps) {
  const href = useHref(to);
  const navigate = useLinkClickHandler<HTMLAnchorElement>(to, { state, replace });

  function handleClick(event: MouseEvent<HTMLAnchorElement>) {
    navigate(event);
  }

  return (
    <Link as="a" href={href} onClick={handleClick} className={className}>
      {children}
    </Link>
  );
}
