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
  // The app header on a phone needs the room for its links: the mark alone stands for the brand there.
  markOnlyOnPhone: {
    '@media (max-width: 600px)': { display: 'none' },
  },
});

// The product's name is the same in every language: the wordmark is a brand, not a message to translate.
const WORDMARK = 'Intellio';

interface LogoProps {
  size?: 'medium' | 'large';
  className?: string;
  /** Hide the wordmark on screens 600 px wide or less. */
  compact?: boolean;
}

/** Mark + "Intellio" wordmark. Decorative for assistive tech when wrapped in a labelled link. */
export function Logo({ size = 'medium', className, compact = false }: LogoProps) {
  const styles = useStyles();
  return (
    <span className={mergeClasses(styles.root, className)}>
      <LogoMark size={size === 'large' ? 36 : 28} />
      <span className={mergeClasses(styles.wordmark, size === 'large' ? styles.large : styles.medium, compact && styles.markOnlyOnPhone)}>{WORDMARK}</span>
    </span>
  );
}
