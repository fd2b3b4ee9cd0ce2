import { Spinner, makeStyles, tokens } from '@fluentui/react-components';

const useStyles = makeStyles({
  root: {
    minHeight: '100vh',
    display: 'flex',
    alignItems: 'center',
    justifyContent: 'center',
    backgroundColor: tokens.colorNeutralBackground2,
  },
});

interface FullPageSpinnerProps {
  label?: string;
}

/** Shown while something the whole page depends on (the session) is being resolved. */
export function FullPageSpinner({ label = 'Loading Intellio…' }: FullPageSpinnerProps) {
  const styles = useStyles();
  return (
    <div className={styles.root} data-testid="app-loading">
      <Spinner label={label} labelPosition="below" />
    </div>
  );
}
