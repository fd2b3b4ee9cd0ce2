import { makeStyles, Skeleton, SkeletonItem, tokens } from '@fluentui/react-components';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../auth/useAuth';
import { GetStarted } from '../home/GetStarted';
import { YourProjects } from '../home/YourProjects';
import { usePageTitle } from '../layout/usePageTitle';
import { useTree } from '../sidebar/useTree';

const useStyles = makeStyles({ loading: { maxWidth: '760px', margin: '0 auto', display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM } });

/** Home: the steps to a first answer while the account has no project, then its recent projects. */
export function HomePage() {
  const styles = useStyles();
  const { user } = useAuth();
  const { tree, reload } = useTree();
  const { t } = useTranslation();
  usePageTitle(t('home.pageTitle'));
  // Coming back to Home: the tree loaded earlier predates this session's uploads and analyses, which order
  // the recent projects. (On the app's first page the sidebar's own load is already fresh.)
  const loadedBefore = useRef(tree !== null);
  useEffect(() => {
    if (loadedBefore.current) void reload();
  }, [reload]);
  const firstName = user?.name.split(/\s+/)[0] ?? '';
  if (!tree) {
    return (
      <Skeleton className={styles.loading} aria-label={t('home.loading')}>
        <SkeletonItem size={32} />
        <SkeletonItem size={96} />
      </Skeleton>
    );
  }
  const hasProjects = tree.some((c) => c.projects.length > 0);
  return hasProjects ? <YourProjects categories={tree} firstName={firstName} /> : <GetStarted categories={tree} firstName={firstName} />;
}
