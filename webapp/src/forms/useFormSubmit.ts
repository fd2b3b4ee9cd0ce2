import { useCallback, useState } from 'react';
import { describeError, type FieldErrors } from './apiErrors';

export interface FormSubmit<F extends string> {
  submitting: boolean;
  fieldErrors: FieldErrors<F>;
  formError: string | null;
  /** Shows client-side validation results; returns true when there are none. */
  check(errors: FieldErrors<F>): boolean;
  /** Runs `action` with the button disabled; API errors land under their fields or in the MessageBar. */
  submit(action: () => Promise<void>): Promise<boolean>;
  clearField(field: F): void;
}

/** The submitting flag and error state every form in the app shares. */
export function useFormSubmit<F extends string>(fields: readonly F[]): FormSubmit<F> {
  const [submitting, setSubmitting] = useState(false);
  const [fieldErrors, setFieldErrors] = useState<FieldErrors<F>>({});
  const [formError, setFormError] = useState<string | null>(null);

  const check = useCallback((errors: FieldErrors<F>) => {
    setFieldErrors(errors);
    setFormError(null);
    return Object.keys(errors).length === 0;
  }, []);

  const submit = useCallback(
    async (action: () => Promise<void>) => {
      setSubmitting(true);
      setFormError(null);
      setFieldErrors({});
      try {
        await action();
        return true;
      } catch (error) {
        const described = describeError(error, fields);
        setFieldErrors(described.fields);
        setFormError(described.message);
        return false;
      } finally {
        setSubmitting(false);
      }
    },
    [fields],
  );

  const clearField = useCallback((field: F) => {
    setFieldErrors((current) => {
      if (!current[field]) return current;
      const next = { ...current };
      delete next[field];
      return next;
    });
  }, []);

  return { submitting, fieldErrors, formError, check, submit, clearField };
}
