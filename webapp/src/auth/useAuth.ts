import { useContext } from 'react';
import { AuthContext, type AuthContextValue } from './AuthContext';

/** The session: who is signed in, and the actions that change it. */
export function useAuth(): AuthContextValue {
  const value = useContext(AuthContext);
  if (!value) throw new Error('useAuth must be used inside <AuthProvider>.');
  return value;
}
