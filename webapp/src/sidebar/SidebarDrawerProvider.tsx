import { useEffect, useMemo, useState, useSyncExternalStore, type ReactNode } from 'react';
import { useLocation } from 'react-router-dom';
import { SidebarDrawerContext, type SidebarDrawerState } from './SidebarDrawerContext';

/** Widths at or below this get the drawer (a 280 px column leaves too little for the page beside it). */
export const PHONE_QUERY = '(max-width: 640px)';

function subscribe(onChange: () => void) {
  const query = window.matchMedia(PHONE_QUERY);
  query.addEventListener('change', onChange);
  return () => query.removeEventListener('change', onChange);
}

const isPhone = () => window.matchMedia(PHONE_QUERY).matches;

/**
 * Holds the drawer's open state. It starts closed (the page is what a phone opens on), closes when the
 * route changes (a project was picked), and is forgotten when the window grows past phone width.
 */
export function SidebarDrawerProvider({ children }: { children: ReactNode }) {
  const phone = useSyncExternalStore(subscribe, isPhone);
  const [open, setOpen] = useState(false);
  const { pathname } = useLocation();

  useEffect(() => setOpen(false), [pathname, phone]);

  const value = useMemo<SidebarDrawerState>(() => ({ phone, open: phone && open, setOpen }), [phone, open]);
  return <SidebarDrawerContext.Provider value={value}>{children}</SidebarDrawerContext.Provider>;
}
