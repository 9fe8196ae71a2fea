import { ApolloProvider } from '@apollo/client/react';
import { Authenticator } from '@aws-amplify/ui-react';
import '@aws-amplify/ui-react/styles.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router';
import { createApolloClient } from './api/create-apollo-client';
import { App } from './App';
import { configureAmplify } from './auth/configure-amplify';
import { ConfigProvider } from './config/config-context';
import { loadConfig } from './config/load-config';
import { UploadManagerProvider } from './upload/upload-manager-context';
import './styles.css';

const root = createRoot(document.getElementById('root') as HTMLElement);

loadConfig().then(
  (config) => {
    configureAmplify(config);
    const client = createApolloClient(config);
    root.render(
      <StrictMode>
        <ConfigProvider config={config}>
          <ApolloProvider client={client}>
            <Authenticator.Provider>
              <BrowserRouter>
                <UploadManagerProvider>
                  <App />
                </UploadManagerProvider>
              </BrowserRouter>
            </Authenticator.Provider>
          </ApolloProvider>
        </ConfigProvider>
      </StrictMode>,
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
