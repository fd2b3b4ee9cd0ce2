import { Button, makeStyles, MessageBar, MessageBarBody, MessageBarTitle, Skeleton, SkeletonItem, Text, tokens } from '@fluentui/react-components';
import { ArrowDownloadRegular, OpenRegular } from '@fluentui/react-icons';
import { AppLink } from '../layout/AppLink';
import { Section } from '../layout/Section';
import { usePageTitle } from '../layout/usePageTitle';
import { usePublicConfig } from '../shell/usePublicConfig';

const useStyles = makeStyles({
  root: { maxWidth: '760px', margin: '0 auto', display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXL },
  title: { margin: 0, fontSize: tokens.fontSizeBase600, lineHeight: tokens.lineHeightBase600, fontWeight: tokens.fontWeightSemibold },
  lead: { color: tokens.colorNeutralForeground2 },
  steps: { margin: 0, paddingLeft: tokens.spacingHorizontalXL, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  note: { color: tokens.colorNeutralForeground3 },
  menu: { fontWeight: tokens.fontWeightSemibold },
});

/** A menu path as Office and Google show it: "Home › Add-ins › …". */
function MenuPath({ items }: { items: string[] }) {
  const styles = useStyles();
  return <span className={styles.menu}>{items.join(' › ')}</span>;
}

/**
 * Where users get the spreadsheet add-ins: the Excel manifest this server serves for its own address (Excel
 * loads task panes over HTTPS only, so an http server says why there is none), and the Sheets add-on's
 * install page when the operator has published one.
 */
export function AddinsPage() {
  const styles = useStyles();
  const config = usePublicConfig();
  usePageTitle('Add-ins');
  const excel = config?.addins.excel;
  const sheets = config?.addins.sheets;
  return (
    <div className={styles.root}>
      <h1 className={styles.title}>Add-ins for Excel and Google Sheets</h1>
      <Text className={styles.lead}>
        Select cells in your spreadsheet and ask: Intellio answers from those cells and this account&apos;s documents, and
        cites the pages it used. Both add-ins sign in with your Intellio email and password and share your projects,
        templates and token balance.
      </Text>

      <Section title="Microsoft Excel" testId="addins-excel">
        {!config && (
          <Skeleton aria-label="Loading">
            <SkeletonItem size={32} />
          </Skeleton>
        )}
        {excel?.manifestUrl && (
          <>
            <div>
              <Button as="a" appearance="primary" icon={<ArrowDownloadRegular />} href={excel.manifestUrl} download="intellio-excel-manifest.xml">
                Download the Excel add-in
              </Button>
            </div>
            <ol className={styles.steps}>
              <li>Download the add-in&apos;s manifest file (intellio-excel-manifest.xml).</li>
              <li>
                In Excel (on the web, Windows or Mac), open <MenuPath items={['Home', 'Add-ins', 'More Add-ins', 'My Add-ins', 'Upload My Add-in']} /> and
                choose the file.
              </li>
              <li>
                Click <span className={styles.menu}>Ask Intellio</span> on the Home tab, sign in, then select cells and ask.
              </li>
            </ol>
            <Text size={200} className={styles.note}>
              For everyone in your organisation, a Microsoft 365 administrator uploads the same file once under{' '}
              <MenuPath items={['Settings', 'Integrated apps', 'Upload custom apps']} />.
            </Text>
          </>
        )}
        {excel && !excel.manifestUrl && (
          <MessageBar intent="warning" layout="multiline" data-testid="addins-excel-unavailable">
            <MessageBarBody>
              <MessageBarTitle>Not available on this server yet</MessageBarTitle>
              {excel.unavailableReason}
            </MessageBarBody>
          </MessageBar>
        )}
      </Section>

      <Section title="Google Sheets" testId="addins-sheets">
        {sheets?.installUrl ? (
          <div>
            <Button as="a" appearance="primary" icon={<OpenRegular />} href={sheets.installUrl} target="_blank" rel="noopener noreferrer">
              Install from Google Workspace Marketplace
            </Button>
          </div>
        ) : (
          config && (
            <Text data-testid="addins-sheets-admin">
              The Intellio add-on is installed for your domain by your Google Workspace administrator. Ask them for it if
              it is not in your spreadsheets yet.
            </Text>
          )
        )}
        <ol className={styles.steps}>
          <li>
            In a spreadsheet, open <MenuPath items={['Extensions', 'Intellio', 'Open']} />.
          </li>
          <li>Sign in in the sidebar, select cells and ask.</li>
        </ol>
      </Section>

      <Text size={200} className={styles.note}>
        Answers are charged to your token balance, whichever add-in you ask from. <AppLink to="/billing">See billing</AppLink>.
      </Text>
    </div>
  );
}
