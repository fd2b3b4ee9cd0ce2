import { useToastController } from '@fluentui/react-components';
import { createElement, useCallback } from 'react';
import { NotifyToast } from './NotifyToast';
import { TOASTER_ID } from './toasterId';

export type NotifyIntent = 'success' | 'error' | 'warning' | 'info';

/** Shows a toast in the app's one Toaster: `notify('error', 'Could not move the project', err.message)`. */
export function useNotify() {
  const { dispatchToast } = useToastController(TOASTER_ID);
  return useCallback(
    (intent: NotifyIntent, title: string, body?: string) =>
      dispatchToast(createElement(NotifyToast, { title, body }), { intent, timeout: intent === 'error' ? 8000 : 4000 }),
    [dispatchToast],
  );
}
