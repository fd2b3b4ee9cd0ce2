import { Button, Spinner, makeStyles } from '@fluentui/react-components';
import type { ReactNode } from 'react';

const useStyles = makeStyles({
  wide: {
    width: '100%',
  },
});

interface SubmitButtonProps {
  submitting: boolean;
  children: ReactNode;
  /** Stretch to the form's width (auth pages) instead of sizing to the label (settings). */
  block?: boolean;
}

/** The form's primary button: disabled with a spinner while the request is in flight. */
export function SubmitButton({ submitting, children, block }: SubmitButtonProps) {
  const styles = useStyles();
  return (
    <Button
      type="submit"
      appearance="primary"
      disabled={submitting}
      className={block ? styles.wide : undefined}
      icon={submitting ? <Spinner size="tiny" /> : undefined}
    >
      {children}
    </Button>
  );
}
