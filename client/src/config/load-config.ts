import { CONFIG_PATH, REQUIRED_CONFIG_KEYS } from '../../../common/client-config';
import type { ClientConfig } from '../../../common/client-config';

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Reads /config.json once at start-up; a missing or partial file is said plainly, not crashed on. */
export async function loadConfig(fetchImpl: typeof fetch = fetch): Promise<ClientConfig> {
  let response: Response;
  try {
    response = await fetchImpl(CONFIG_PATH, { cache: 'no-store' });
  } catch {
    throw new ConfigError(`The app could not load its configuration (${CONFIG_PATH}): the server is unreachable.`);
  }
  if (!response.ok)
    throw new ConfigError(`The app could not load its configuration: ${CONFIG_PATH} answered HTTP ${response.status}.`);
  let config: Partial<ClientConfig>;
  try {
    config = (await response.json()) as Partial<ClientConfig>;
  } catch {
    throw new ConfigError(`The app's configuration (${CONFIG_PATH}) is not JSON.`);
  }
  const missing = REQUIRED_CONFIG_KEYS.filter((key) => config[key] === undefined || config[key] === '');
  if (missing.length > 0)
    throw new ConfigError(`The app's configuration (${CONFIG_PATH}) lacks ${missing.join(', ')}.`);
  return config as ClientConfig;
}
