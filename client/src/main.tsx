import { ApolloProvider } from '@apollo/client/react';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router';
import { createApolloClient } from './api/create-apollo-client';
import { App } from './App';
import { AuthStatusProvider } from './auth/auth-status';
import { prepareAmplify } from './auth/load-amplify';
import { ConfigProvider } from './config/config-context';
import { loadConfig } from './config/load-config';
import { prepareWatchPage } from './pages/watch-page-preload';
import { UploadManagerProvider } from './upload/upload-manager-context';
import './styles.css';

const root = createRoot(document.getElementById('root') as HTMLElement);
const openedAt = window.location.pathname;

loadConfig().then(
  (config) => {
    prepareAmplify(config);
    const client = createApolloClient(config);
    // On a watch page, the first render waits for the page's chunk and video (prepareWatchPage).
    void prepareWatchPage(client, openedAt).then(() =>
      root.render(
        <StrictMode>
          <ConfigProvider config={config}>
            <ApolloProvider client={client}>
              <AuthStatusProvider>
                <BrowserRouter>
                  <UploadManagerProvider>
                    <App />
                  </UploadManagerProvider>
                </BrowserRouter>
              </AuthStatusProvider>
            </ApolloProvider>
          </ConfigProvider>
        </StrictMode>,
      ),
    );
  },
  (error: unknown) => {
    root.render(
      <main className="main">
        <p className="notice notice-error" role="alert">
          {error instanceof Error ? error.message : 'The app could not start.'}
        </p>
      </main>,
    );
  },
);
