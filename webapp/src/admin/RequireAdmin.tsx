import type { ReactNode } from 'react';
import { useAuth } from '../auth/useAuth';
import { NotFoundPage } from '../pages/NotFoundPage';

/** Admin pages for admins; everyone else sees "not found" (the API answers them 403 anyway). */
export function RequireAdmin({ children }: { children: ReactNode }) {
  const { user } = useAuth();
  return user?.role === 'admin' ? <>{children}</> : <NotFoundPage />;
}
