import { makeStyles, Text, tokens } from '@fluentui/react-components';
import type { ReactNode } from 'react';

const useStyles = makeStyles({
  root: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalL,
    padding: tokens.spacingHorizontalXL,
    backgroundColor: tokens.colorNeutralBackground1,
    borderRadius: tokens.borderRadiusXLarge,
    boxShadow: tokens.shadow4,
    '@media (max-width: 600px)': {
      padding: tokens.spacingHorizontalL,
    },
  },
  heading: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalXXS,
  },
  title: {
    margin: 0,
    fontSize: tokens.fontSizeBase400,
    lineHeight: tokens.lineHeightBase400,
    fontWeight: tokens.fontWeightSemibold,
  },
  description: {
    color: tokens.colorNeutralForeground2,
  },
});

interface SettingsCardProps {
  /** The heading's id (stable whatever the language of the title). */
  id: string;
  title: string;
  description?: string;
  children: ReactNode;
}

/** One titled group of settings on the account page. */
export function SettingsCard({ id, title, description, children }: SettingsCardProps) {
  const styles = useStyles();
  const headingId = id;
  return (
    <section className={styles.root} aria-labelledby={headingId}>
      <div className={styles.heading}>
        <h2 id={headingId} className={styles.title}>
          {title}
        </h2>
        {description && <Text className={styles.description}>{description}</Text>}
      </div>
      {children}
    </section>
  );
}
