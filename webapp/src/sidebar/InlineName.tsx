import { Input, makeStyles } from '@fluentui/react-components';
import { useState, type KeyboardEvent } from 'react';

const useStyles = makeStyles({ input: { width: '100%', minWidth: 0 } });

interface InlineNameProps {
  label: string;
  initial?: string;
  placeholder?: string;
  maxLength: number;
  /** Resolves true when saved; the field stays open otherwise so nothing typed is lost. */
  onSubmit(name: string): Promise<boolean>;
  onDone(): void;
}

/** A one-line name field used in place: Enter saves, Escape (or leaving it empty) cancels. */
export function InlineName({ label, initial = '', placeholder, maxLength, onSubmit, onDone }: InlineNameProps) {
  const styles = useStyles();
  const [value, setValue] = useState(initial);
  const [busy, setBusy] = useState(false);

  async function commit() {
    const name = value.trim();
    if (busy) return;
    if (!name || name === initial) return onDone();
    setBusy(true);
    const saved = await onSubmit(name);
    setBusy(false);
    if (saved) onDone();
  }

  function handleKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key === 'Enter') {
      event.preventDefault();
      void commit();
    } else if (event.key === 'Escape') {
      event.preventDefault();
      onDone();
    }
  }

  return (
    <Input
      className={styles.input}
      size="small"
      autoFocus
      aria-label={label}
      placeholder={placeholder}
      maxLength={maxLength}
      value={value}
      disabled={busy}
      onChange={(_, data) => setValue(data.value)}
      onKeyDown={handleKeyDown}
      onBlur={() => void commit()}
    />
  );
}
