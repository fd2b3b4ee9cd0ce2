import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import { StrictMode, type ReactNode } from 'react';
import { createRoot } from 'react-dom/client';
import { I18nextProvider } from 'react-i18next';
import { App } from './components/App';
import { OutsideOffice } from './components/OutsideOffice';
import { PaneCrash, PaneErrorBoundary } from './components/PaneErrorBoundary';
import { registerFormulas } from './functions/register';
import { AddinTokenStore } from './host/storage';
import { i18n, syncLanguage } from './i18n';

const container = document.getElementById('root');
if (!container) throw new Error('taskpane.html has no #root element.');
const root = createRoot(container);
// Screen readers and font fallback follow <html lang>, also on the outside-Excel page.
document.documentElement.lang = i18n.language;

function render(page: ReactNode): void {
  root.render(
    <StrictMode>
      <I18nextProvider i18n={i18n}>
        <FluentProvider theme={webLightTheme}>
          <PaneErrorBoundary>{page}</PaneErrorBoundary>
        </FluentProvider>
      </I18nextProvider>
    </StrictMode>,
  );
}

async function start(info: { host: unknown } | undefined): Promise<void> {
  // office.js loaded in a plain browser tab answers with no host: nothing here would work.
  if (!info?.host) return render(<OutsideOffice />);
  await syncLanguage(null);
  const tokens = await AddinTokenStore.open();
  // Shared runtime: =INTELLIO.ASK/FILL run in this page and use the pane's session.
  registerFormulas(tokens);
  render(<App tokens={tokens} />);
}

// office.js comes from Microsoft's CDN: opened outside Office (or offline) it may not load at all.
if (typeof Office === 'undefined' || typeof Office.onReady !== 'function') {
  render(<OutsideOffice />);
} else {
  // Nothing touches office-js before the host says it is ready.
  Office.onReady()
    .then(start)
    .catch((err: unknown) => render(<PaneCrash error={err instanceof Error ? err : new Error(String(err))} />));
}
