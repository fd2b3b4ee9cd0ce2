import { Button, makeStyles, MessageBar, MessageBarBody, MessageBarTitle, Skeleton, SkeletonItem, Text, tokens } from '@fluentui/react-components';
import { ArrowDownloadRegular, OpenRegular } from '@fluentui/react-icons';
import type { ReactElement } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { AppLink } from '../layout/AppLink';
import { Section } from '../layout/Section';
import { usePageTitle } from '../layout/usePageTitle';
import { usePublicConfig } from '../shell/usePublicConfig';
import { LinksAddress } from './LinksAddress';

const useStyles = makeStyles({
  root: { maxWidth: '760px', margin: '0 auto', display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXL },
  title: { margin: 0, fontSize: tokens.fontSizeBase600, lineHeight: tokens.lineHeightBase600, fontWeight: tokens.fontWeightSemibold },
  lead: { color: tokens.colorNeutralForeground2 },
  steps: { margin: 0, paddingLeft: tokens.spacingHorizontalXL, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  note: { color: tokens.colorNeutralForeground3 },
  menu: { fontWeight: tokens.fontWeightSemibold },
});

/**
 * Where users get the spreadsheet add-ins: the Excel manifest this server serves for its own address (Excel
 * loads task panes over HTTPS only, so an http server says why there is none), the Sheets add-on's install
 * page when the operator has published one, and the address links in mail and citations are built from.
 */
export function AddinsPage() {
  const styles = useStyles();
  const config = usePublicConfig();
  const { t } = useTranslation();
  usePageTitle(t('shell.addins'));
  const excel = config?.addins.excel;
  const sheets = config?.addins.sheets;
  // A menu path as Office and Google show it ("Home › Add-ins › …"), in bold.
  const menu: Record<string, ReactElement> = { menu: <span className={styles.menu} /> };
  return (
    <div className={styles.root}>
      <h1 className={styles.title}>{t('addins.title')}</h1>
      <Text className={styles.lead}>{t('addins.lead')}</Text>

      <Section title={t('addins.excel.title')} testId="addins-excel">
        {!config && (
          <Skeleton aria-label={t('addins.loading')}>
            <SkeletonItem size={32} />
          </Skeleton>
        )}
        {excel?.manifestUrl && (
          <>
            <div>
              <Button as="a" appearance="primary" icon={<ArrowDownloadRegular />} href={excel.manifestUrl} download="intellio-excel-manifest.xml">
                {t('addins.excel.download')}
              </Button>
            </div>
            <ol className={styles.steps}>
              <li>{t('addins.excel.step1')}</li>
              <li>
                <Trans i18nKey="addins.excel.step2" components={menu} />
              </li>
              <li>
                <Trans i18nKey="addins.excel.step3" components={menu} />
              </li>
            </ol>
            <Text size={200} className={styles.note}>
              <Trans i18nKey="addins.excel.organisation" components={menu} />
            </Text>
          </>
        )}
        {excel && !excel.manifestUrl && (
          <MessageBar intent="warning" layout="multiline" data-testid="addins-excel-unavailable">
            <MessageBarBody>
              <MessageBarTitle>{t('addins.excel.unavailable')}</MessageBarTitle>
              {t('addins.excel.httpsOnly', { url: config.publicUrl })}
            </MessageBarBody>
          </MessageBar>
        )}
      </Section>

      <Section title={t('addins.sheets.title')} testId="addins-sheets">
        {sheets?.installUrl ? (
          <div>
            <Button as="a" appearance="primary" icon={<OpenRegular />} href={sheets.installUrl} target="_blank" rel="noopener noreferrer">
              {t('addins.sheets.install')}
            </Button>
          </div>
        ) : (
          config && <Text data-testid="addins-sheets-admin">{t('addins.sheets.admin')}</Text>
        )}
        <ol className={styles.steps}>
          <li>
            <Trans i18nKey="addins.sheets.step1" components={menu} />
          </li>
          <li>{t('addins.sheets.step2')}</li>
        </ol>
      </Section>

      {config && <LinksAddress publicUrl={config.publicUrl} source={config.publicUrlSource} />}

      <Text size={200} className={styles.note}>
        <Trans i18nKey="addins.billingNote" components={{ link: <AppLink to="/billing">{null}</AppLink> }} />
      </Text>
    </div>
  );
}
