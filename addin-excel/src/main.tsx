import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './components/App';
import { AddinTokenStore } from './host/storage';

// Nothing touches office-js before the host says it is ready.
void Office.onReady(async () => {
  const container = document.getElementById('root');
  if (!container) throw new Error('taskpane.html has no #root element.');
  const tokens = await AddinTokenStore.open();
  createRoot(container).render(
    <StrictMode>
      <FluentProvider theme={webLightTheme}>
        <App tokens={tokens} />
      </FluentProvider>
    </StrictMode>,
  );
});
