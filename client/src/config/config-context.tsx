import { createContext, useContext } from 'react';
import type { ReactNode } from 'react';
import type { ClientConfig } from '../../../common/client-config';

const ConfigContext = createContext<ClientConfig | undefined>(undefined);

export function ConfigProvider({ config, children }: { config: ClientConfig; children: ReactNode }) {
  return <ConfigContext.Provider value={config}>{children}</ConfigContext.Provider>;
}

export function useConfig(): ClientConfig {
  const config = useContext(ConfigContext);
  if (!config) throw new Error('useConfig needs a ConfigProvider above it.');
  return config;
}
