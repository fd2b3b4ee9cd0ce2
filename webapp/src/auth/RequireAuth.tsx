import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router-dom';
import { FullPageSpinner } from '../layout/FullPageSpinner';
import type { RedirectState } from './redirect';
import { useAuth } from './useAuth';

interface RequireAuthProps {
  children: ReactNode;
}

/** Renders its children for signed-in users; sends everyone else to /login, remembering where they were. */
export function RequireAuth({ children }: RequireAuthProps) {
  const { status } = useAuth();
  const location = useLocation();
  if (status === 'resolving') return <FullPageSpinner />;
  if (status === 'signedOut') {
    const state: RedirectState = { from: `${location.pathname}${location.search}${location.hash}` };
    return <Navigate to="/login" replace state={state} />;
  }
  return children;
}
