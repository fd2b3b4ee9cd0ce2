import { makeStyles, Text, tokens } from '@fluentui/react-components';
import { FolderRegular, TableSimpleRegular } from '@fluentui/react-icons';
import type { Category, Project } from '@intellio/api-client';
import { AppLink } from '../layout/AppLink';
import { Section } from '../layout/Section';

const useStyles = makeStyles({
  root: { maxWidth: '960px', margin: '0 auto', display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXL },
  title: { margin: 0, fontSize: tokens.fontSizeBase600, lineHeight: tokens.lineHeightBase600, fontWeight: tokens.fontWeightSemibold },
  list: { listStyleType: 'none', margin: 0, padding: 0, display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(240px, 1fr))', gap: tokens.spacingHorizontalM },
  card: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalXS,
    padding: tokens.spacingHorizontalM,
    borderRadius: tokens.borderRadiusLarge,
    backgroundColor: tokens.colorNeutralBackground2,
    minWidth: 0,
  },
  name: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalS, minWidth: 0, overflowWrap: 'anywhere' },
  meta: { color: tokens.colorNeutralForeground3 },
  addins: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalS, flexWrap: 'wrap' },
});

/** How many projects Home lists; the sidebar has them all. */
export const RECENT_PROJECTS = 8;

/** A server from before lastActivityAt (mid-deploy) sends none: creation time stands in. */
const activeAt = (p: Project) => p.lastActivityAt ?? p.createdAt;
const documents = (n: number | undefined) => (!n ? 'no documents yet' : n === 1 ? '1 document' : `${n.toLocaleString('en-US')} documents`);
const day = (iso: string) => new Date(iso).toLocaleDateString('en-US', { month: 'short', day: 'numeric', year: 'numeric' });

/** Home once projects exist: the ones last worked in (an upload, an analysis) first, and where to ask from. */
export function YourProjects({ categories, firstName }: { categories: Category[]; firstName: string }) {
  const styles = useStyles();
  const projects = categories
    .flatMap((c) => c.projects.map((p): [Project, Category] => [p, c]))
    .sort(([a], [b]) => activeAt(b).localeCompare(activeAt(a)))
    .slice(0, RECENT_PROJECTS);
  return (
    <div className={styles.root} data-testid="home-projects">
      <h1 className={styles.title}>{firstName ? `Welcome back, ${firstName}` : 'Welcome back'}</h1>
      <Section title="Recent projects">
        <ul className={styles.list}>
          {projects.map(([project, category]) => (
            <li key={project.id} className={styles.card} data-testid="home-project">
              <span className={styles.name}>
                <FolderRegular aria-hidden="true" />
                <AppLink to={`/projects/${project.id}`}>{project.name}</AppLink>
              </span>
              <Text size={200} className={styles.meta}>
                {category.name} · {documents(project.documentCount)} · last active {day(activeAt(project))}
              </Text>
            </li>
          ))}
        </ul>
      </Section>
      <Section title="Ask from your sheet">
        <span className={styles.addins}>
          <TableSimpleRegular aria-hidden="true" />
          <Text>Select cells in Excel or Google Sheets and ask Intellio, with answers cited from your projects&apos; documents.</Text>
          <AppLink to="/addins">Get the add-ins</AppLink>
        </span>
      </Section>
    </div>
  );
}
