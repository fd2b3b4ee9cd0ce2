import { MessageBar, MessageBarBody, MessageBarTitle } from '@fluentui/react-components';

interface FormErrorProps {
  message: string | null;
  title?: string;
}

/** The form-level error: a MessageBar people can read (and screen readers announce), or nothing. */
export function FormError({ message, title }: FormErrorProps) {
  if (!message) return null;
  return (
    <MessageBar intent="error" data-testid="form-error" politeness="assertive">
      <MessageBarBody>
        {title && <MessageBarTitle>{title}</MessageBarTitle>}
        {message}
      </MessageBarBody>
    </MessageBar>
  );
}
