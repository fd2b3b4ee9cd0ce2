import { makeStyles, Text, tokens } from '@fluentui/react-components';
import { DocumentMultipleRegular, FolderAddRegular, TableSimpleRegular } from '@fluentui/react-icons';
import { useAuth } from '../auth/useAuth';
import { usePageTitle } from '../layout/usePageTitle';

const useStyles = makeStyles({
  root: {
    maxWidth: '720px',
    margin: '0 auto',
    display: 'flex',
    flexDirection: 'column',
    alignItems: 'center',
    textAlign: 'center',
    gap: tokens.spacingVerticalL,
    padding: `${tokens.spacingVerticalXXXL} ${tokens.spacingHorizontalXXL}`,
    backgroundColor: tokens.colorNeutralBackground1,
    border: `${tokens.strokeWidthThin} dashed ${tokens.colorNeutralStroke1}`,
    borderRadius: tokens.borderRadiusXLarge,
    '@media (max-width: 600px)': {
      padding: `${tokens.spacingVerticalXL} ${tokens.spacingHorizontalL}`,
    },
  },
  badge: {
    display: 'flex',
    alignItems: 'center',
    justifyContent: 'center',
    width: '64px',
    height: '64px',
    borderRadius: tokens.borderRadiusCircular,
    backgroundColor: tokens.colorBrandBackground2,
    color: tokens.colorBrandForeground1,
    fontSize: '32px',
  },
  title: {
    margin: 0,
    fontSize: tokens.fontSizeBase600,
    lineHeight: tokens.lineHeightBase600,
    fontWeight: tokens.fontWeightSemibold,
  },
  lead: {
    color: tokens.colorNeutralForeground2,
    maxWidth: '520px',
  },
  steps: {
    listStyleType: 'none',
    margin: 0,
    padding: 0,
    width: '100%',
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fit, minmax(180px, 1fr))',
    gap: tokens.spacingHorizontalM,
    textAlign: 'left',
  },
  step: {
    display: 'flex',
    gap: tokens.spacingHorizontalS,
    alignItems: 'flex-start',
    padding: tokens.spacingHorizontalM,
    borderRadius: tokens.borderRadiusLarge,
    backgroundColor: tokens.colorNeutralBackground2,
  },
  stepIcon: {
    flexShrink: 0,
    fontSize: '20px',
    color: tokens.colorBrandForeground1,
  },
  stepText: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalXXS,
  },
});

const STEPS = [
  { icon: <FolderAddRegular />, title: 'Create a category', text: 'Group your work, e.g. by client or by team.' },
  { icon: <DocumentMultipleRegular />, title: 'Add a project', text: 'Upload the documents Intellio should cite.' },
  { icon: <TableSimpleRegular />, title: 'Ask from your sheet', text: 'Select cells in Excel or Google Sheets and ask.' },
];

/** Home, before anything exists: what to do first. The category sidebar will be where you do it. */
export function HomePage() {
  const styles = useStyles();
  const { user } = useAuth();
  usePageTitle('Home');
  const firstName = user?.name.split(/\s+/)[0] ?? '';
  return (
    <section className={styles.root} data-testid="home-empty" aria-labelledby="home-empty-title">
      <div className={styles.badge} aria-hidden="true">
        <FolderAddRegular />
      </div>
      <h1 id="home-empty-title" className={styles.title}>
        Create your first category and project
      </h1>
      <Text className={styles.lead} align="center">
        {firstName ? `Welcome, ${firstName}. ` : 'Welcome. '}
        Projects hold the documents behind your answers; categories keep projects in order. Once a project has
        documents, every analysis you run from a spreadsheet cites the pages it used.
      </Text>
      <ol className={styles.steps}>
        {STEPS.map((step) => (
          <li key={step.title} className={styles.step}>
            <span className={styles.stepIcon} aria-hidden="true">
              {step.icon}
            </span>
            <span className={styles.stepText}>
              <Text weight="semibold">{step.title}</Text>
              <Text size={200}>{step.text}</Text>
            </span>
          </li>
        ))}
      </ol>
    </section>
  );
}
