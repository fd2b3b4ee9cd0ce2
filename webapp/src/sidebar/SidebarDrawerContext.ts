import { createContext, useContext } from 'react';

/** Phones get the sidebar as a drawer: whether it is open, shared by the header's button and the drawer. */
export interface SidebarDrawerState {
  /** True at phone widths (≤ 640 px), where the sidebar is a drawer instead of a column. */
  phone: boolean;
  open: boolean;
  setOpen(open: boolean): void;
}

export const SidebarDrawerContext = createContext<SidebarDrawerState | null>(null);

/** The drawer's state; throws outside <SidebarDrawerProvider> so a forgotten provider shows at once. */
export function useSidebarDrawer(): SidebarDrawerState {
  const value = useContext(SidebarDrawerContext);
  if (!value) throw new Error('useSidebarDrawer must be used inside <SidebarDrawerProvider>.');
  return value;
}
