import { Button, Input, makeStyles, type InputProps } from '@fluentui/react-components';
import { EyeOffRegular, EyeRegular } from '@fluentui/react-icons';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

const useStyles = makeStyles({
  toggle: {
    minWidth: 'auto',
  },
});

export type PasswordInputProps = Omit<InputProps, 'type' | 'contentAfter'>;

/** A password Input with a show/hide toggle that screen readers announce as a pressed button. */
export function PasswordInput(props: PasswordInputProps) {
  const styles = useStyles();
  const { t } = useTranslation();
  const [visible, setVisible] = useState(false);

  function handleToggle() {
    setVisible((v) => !v);
  }

  return (
    <Input
      {...props}
      type={visible ? 'text' : 'password'}
      contentAfter={
        <Button
          className={styles.toggle}
          appearance="transparent"
          size="small"
          icon={visible ? <EyeOffRegular /> : <EyeRegular />}
          aria-label={visible ? t('formChecks.hidePassword') : t('formChecks.showPassword')}
          aria-pressed={visible}
          onClick={handleToggle}
          disabled={props.disabled}
        />
      }
    />
  );
}
