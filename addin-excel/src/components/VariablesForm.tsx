import { Field, Input, makeStyles, Text, tokens as t } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: t.spacingVerticalXS },
  title: { fontWeight: t.fontWeightSemibold },
});

export interface VariablesFormProps {
  /** The chosen template's own `{{name}}` placeholders, in the order the prompt uses them. */
  names: string[];
  values: Record<string, string>;
  onChange: (values: Record<string, string>) => void;
  /** Set once Analyse was blocked by empty ones: those fields say so. */
  missing: string[];
}

/** One field per template variable; what is typed goes with the run as `variables: { name: value }`. */
export function VariablesForm({ names, values, onChange, missing }: VariablesFormProps) {
  const styles = useStyles();
  const { t } = useTranslation();
  if (!names.length) return null;
  return (
    <div className={styles.root} data-testid="variables">
      <Text className={styles.title}>{t('pane.variables.title')}</Text>
      {names.map((name) => (
        <Field key={name} label={name} required validationState={missing.includes(name) ? 'error' : 'none'}>
          <Input value={values[name] ?? ''} onChange={(_, d) => onChange({ ...values, [name]: d.value })} data-testid={`variable-${name}`} />
        </Field>
      ))}
    </div>
  );
}
