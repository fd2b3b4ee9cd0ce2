import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router-dom';
import { FullPageSpinner } from '../layout/FullPageSpinner';
import type { RedirectState } from './redirect';
import { useAdminMfaRequired } from './useAdminMfaRequired';
import { useAuth } from './useAuth';

interface RequireAuthProps {
  children: ReactNode;
}

/**
 * Renders its children for signed-in users; sends everyone else to /login, remembering where they were. With
 * REQUIRE_ADMIN_MFA an administrator without MFA goes to /mfa-setup first (the API refuses them anything
 * else); only such an admin waits for the server's config.
 */
export function RequireAuth({ children }: RequireAuthProps) {
  const { status, user } = useAuth();
  const location = useLocation();
  const adminMfaRequired = useAdminMfaRequired(user);
  if (status === 'resolving') return <FullPageSpinner />;
  const state: RedirectState = { from: `${location.pathname}${location.search}${location.hash}` };
  if (status === 'signedOut') return <Navigate to="/login" replace state={state} />;
  if (adminMfaRequired === null) return <FullPageSpinner />;
  if (adminMfaRequired) return <Navigate to="/mfa-setup" replace state={state} />;
  return children;
}
