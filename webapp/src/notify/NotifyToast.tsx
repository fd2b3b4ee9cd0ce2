import { Toast, ToastBody, ToastTitle } from '@fluentui/react-components';

interface NotifyToastProps {
  title: string;
  body?: string;
}

/** One toast: a title and an optional line of detail (usually the server's message). */
export function NotifyToast({ title, body }: NotifyToastProps) {
  return (
    <Toast data-testid="toast">
      <ToastTitle>{title}</ToastTitle>
      {body && <ToastBody>{body}</ToastBody>}
    </Toast>
  );
}
