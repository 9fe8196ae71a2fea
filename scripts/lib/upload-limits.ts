import { CONFIG_PATH } from '../../common/client-config';
import { CliError } from './cli-error';

// Which way a file goes, read where the web client reads it (the web app's /config.json): up to
// maxUploadBytes by one presigned POST, above that by a multipart upload.

export interface UploadLimits {
  /** The single POST's limit. */
  maxUploadBytes: number;
}

export async function fetchUploadLimits(webUrl: string): Promise<UploadLimits> {
  const url = new URL(CONFIG_PATH, webUrl).toString();
  let config: { maxUploadBytes?: unknown };
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(10_000) });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    config = (await response.json()) as typeof config;
  } catch (error) {
    throw new CliError(`Could not read the upload limits from ${url}: ${(error as Error).message}.`);
  }
  if (typeof config.maxUploadBytes !== 'number')
    throw new CliError(`${url} does not say the upload limit (maxUploadBytes).`);
  return { maxUploadBytes: config.maxUploadBytes };
}
