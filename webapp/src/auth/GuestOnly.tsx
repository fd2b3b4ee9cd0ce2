import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router-dom';
import { FullPageSpinner } from '../layout/FullPageSpinner';
import { readRedirectState, safeDestination } from './redirect';
import { useAuth } from './useAuth';

interface GuestOnlyProps {
  children: ReactNode;
}

/** Sign-in and sign-up pages: a signed-in visitor goes on to where they were heading (or home). */
export function GuestOnly({ children }: GuestOnlyProps) {
  const { status } = useAuth();
  const location = useLocation();
  if (status === 'resolving') return <FullPageSpinner />;
  if (status === 'signedIn') return <Navigate to={safeDestination(readRedirectState(location.state).from)} replace />;
  return children;
}
