import { useContext } from 'react';
import { TreeContext, type TreeContextValue } from './TreeContext';

/** The signed-in user's categories and projects, with the actions that change them. */
export function useTree(): TreeContextValue {
  const value = useContext(TreeContext);
  if (!value) throw new Error('useTree must be used inside <TreeProvider>.');
  return value;
}
