import { makeStyles, mergeClasses, tokens } from '@fluentui/react-components';
import { LogoMark } from './LogoMark';

const useStyles = makeStyles({
  root: {
    display: 'inline-flex',
    alignItems: 'center',
    gap: tokens.spacingHorizontalS,
    color: tokens.colorNeutralForeground1,
  },
  wordmark: {
    fontFamily: tokens.fontFamilyBase,
    fontWeight: tokens.fontWeightBold,
    letterSpacing: '-0.02em',
    lineHeight: 1,
  },
  medium: {
    fontSize: tokens.fontSizeBase500,
  },
  large: {
    fontSize: tokens.fontSizeBase600,
  },
});

interface LogoProps {
  size?: 'medium' | 'large';
  className?: string;
}

/** Mark + "Intellio" wordmark. Decorative for assistive tech when wrapped in a labelled link. */
export function Logo({ size = 'medium', className }: LogoProps) {
  const styles = useStyles();
  return (
    <span className={mergeClasses(styles.root, className)}>
      <LogoMark size={size === 'large' ? 36 : 28} />
      <span className={mergeClasses(styles.wordmark, size === 'large' ? styles.large : styles.medium)}>Intellio</span>
    </span>
  );
}
