import { makeStyles, tokens } from '@fluentui/react-components';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL },
});

interface ProjectWorkspaceProps {
  projectId: string;
}

/** The body of a project page: documents, then the table section, then the analyse panel. */
export function ProjectWorkspace({ projectId }: ProjectWorkspaceProps) {
  const styles = useStyles();
  return <div className={styles.root} data-project={projectId} />;
}
